# The image examples/deploy/compose.yaml runs (madeup/etl): this repository with its production
# dependencies in /work, on Node.js 24. Build it from the repository root:
#
#   docker build -t madeup/etl:latest .
#
# Every service of the compose file runs one of its bins: `node packages/core/bin/madeup-core.js
# serve ...` (core), `node packages/onboard/bin/onboard.js worker ...` (workers), and onboard
# itself as the coordinator's entrypoint. Without a command, the image prints onboard's help.

FROM node:24.22.3-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /work
# The manifests first, so that a change of the sources does not reinstall the dependencies.
COPY package.json package-lock.json .npmrc ./
COPY packages/contract/package.json packages/contract/
COPY packages/core/package.json packages/core/
COPY packages/onboard/package.json packages/onboard/
COPY packages/testkit/package.json packages/testkit/
RUN npm ci --omit=dev
COPY LICENSE ./
COPY packages packages
COPY examples examples
COPY scripts scripts

FROM node:24.22.3-bookworm-slim
ENV NODE_ENV=production
WORKDIR /work
COPY --from=build /work /work
# The bins keep Node's compile cache in the OS temporary folder, which the node user can write.
USER node
CMD ["node", "packages/onboard/bin/onboard.js", "--help"]
