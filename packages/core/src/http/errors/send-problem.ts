import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, PROBLEMS, type Problem } from '@madeup/contract';
import type { FastifyReply } from 'fastify';
import type { ProblemError } from './problem-error.ts';

/** Sends an RFC 9457 problem+json response. */
export function sendProblem(reply: FastifyReply, problem: ProblemError, instance?: string): FastifyReply {
  const body: Problem = {
    type: `${PROBLEM_TYPE_BASE}${problem.code}`,
    title: PROBLEMS[problem.code].title,
    status: problem.status,
    code: problem.code,
    detail: problem.message,
    ...(instance !== undefined ? { instance } : {}),
    ...(problem.errors !== undefined ? { errors: problem.errors } : {}),
  };
  if (problem.retryAfter !== undefined) reply.header('retry-after', String(problem.retryAfter));
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body);
}
