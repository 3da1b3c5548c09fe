import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, PROBLEMS, type Problem } from '@madeup/contract';
import type { FastifyReply } from 'fastify';
import type { ProblemError } from './problem-error.ts';

/** Most field errors one problem carries; the rest are counted in `errorsOmitted`. */
export const MAX_PROBLEM_ERRORS = 100;

/** The RFC 9457 body of a problem. */
export function problemBody(problem: ProblemError, instance?: string): Problem {
  const errors = problem.errors;
  return {
    type: `${PROBLEM_TYPE_BASE}${problem.code}`,
    title: PROBLEMS[problem.code].title,
    status: problem.status,
    code: problem.code,
    detail: problem.message,
    ...(instance !== undefined ? { instance } : {}),
    ...(errors !== undefined ? { errors: errors.slice(0, MAX_PROBLEM_ERRORS) } : {}),
    ...(errors !== undefined && errors.length > MAX_PROBLEM_ERRORS
      ? { errorsOmitted: errors.length - MAX_PROBLEM_ERRORS }
      : {}),
  };
}

/** Sends an RFC 9457 problem+json response. */
export function sendProblem(reply: FastifyReply, problem: ProblemError, instance?: string): FastifyReply {
  if (problem.retryAfter !== undefined) reply.header('retry-after', String(problem.retryAfter));
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problemBody(problem, instance));
}
