/**
 * The default BullMQ key prefix. In a file of its own, without Redis or BullMQ, so the command line
 * can show it without loading them (a run on the in-process executor never does).
 */
export const DEFAULT_QUEUE_PREFIX = 'onboard';
