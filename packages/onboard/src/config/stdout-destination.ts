import pino from 'pino';

/**
 * pino's synchronous destination on stdout, where onboard's JSON lines go (`--json`, the worker's
 * events). pino silences it on EPIPE (a reader that stopped early); a terminal that went away (ssh
 * dropped, the window closed: SIGHUP) fails every write with EIO instead, which means the same to a
 * run: the lines are dropped and the run goes on (docs/running.md, "Exit codes"). Any other write
 * error is thrown, as before.
 */
export function stdoutDestination(): pino.DestinationStream {
  const destination = pino.destination({ fd: 1, sync: true });
  destination.on('error', (error: NodeJS.ErrnoException) => {
    // pino's own listener has already silenced it on EPIPE; this one hears that error too.
    if (error.code !== 'EIO' && error.code !== 'EPIPE') throw error;
    destination.write = () => true;
  });
  return destination;
}
