#!/bin/sh
# Installs pgloader from the Debian package when it is not on the PATH, for bench/peer-pgloader.ts.
# Exits 0 with pgloader available, non-zero (with the reason on stderr) when it cannot be installed:
# no apt-get, not root and no password-less sudo, or the package manager failed.
set -u
if command -v pgloader >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-pgloader: no apt-get on this machine (not Debian/Ubuntu)" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
else
  echo "install-pgloader: pgloader is not installed and installing it needs root (or password-less sudo)" >&2
  exit 1
fi
echo "install-pgloader: apt-get update; apt-get install -y pgloader" >&2
# stdout of apt goes to stderr: the benchmark's stdout carries only its figures.
$as_root apt-get update >&2 || { echo "install-pgloader: apt-get update failed" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y pgloader >&2 ||
  { echo "install-pgloader: apt-get install -y pgloader failed" >&2; exit 1; }
command -v pgloader >/dev/null 2>&1 || { echo "install-pgloader: installed, yet pgloader is not on the PATH" >&2; exit 1; }
