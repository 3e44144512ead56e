import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { databaseSetup } from '../src/database/data-source-options';
import { lockDataDir } from '../src/database/data-dir-lock';

/** Opens the configured database for a command-line script; `close` shuts it all down. */
export async function openDatabase(): Promise<{ ds: DataSource; config: AppConfig; close: () => Promise<void> }> {
  const config = loadConfig();
  const release = config.embedded ? lockDataDir(config.dataDir) : () => undefined;
  const setup = databaseSetup(config);
  const ds = await new DataSource(setup.options).initialize();
  return {
    ds,
    config,
    close: async () => {
      await ds.destroy();
      await setup.closeEngine();
      release();
    },
  };
}
