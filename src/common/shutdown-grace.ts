import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/**
 * On SIGTERM Nest stops the HTTP server (no new connections; in-flight requests finish), then
 * closes the database and exits 0. Should in-flight work hang, the process exits with code 1
 * once SHUTDOWN_GRACE_SECONDS have passed, so an orchestrator's own kill never has to.
 * A close without a signal (tests, scripts) arms nothing.
 */
@Injectable()
export class ShutdownGrace implements BeforeApplicationShutdown {
  private readonly log = new Logger('Shutdown');

  constructor(private readonly config: AppConfig) {}

  beforeApplicationShutdown(signal?: string): void {
    if (!signal) return;
    this.log.log(`${signal}: finishing in-flight requests (at most ${this.config.SHUTDOWN_GRACE_SECONDS} s)`);
    setTimeout(() => {
      this.log.error(`still busy ${this.config.SHUTDOWN_GRACE_SECONDS} s after ${signal}: exiting`);
      process.exit(1);
    }, this.config.SHUTDOWN_GRACE_SECONDS * 1000).unref();
  }
}
