import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config';
import { databaseOptions } from '../database/database-options';
import { ESIM_ENTITIES } from '../esim/esim.entities';
import { CodeResealer } from '../esim/pools/code-resealer';
import { codeCipherFor } from '../secrets/code-cipher';
import { Progress } from './progress';

const USAGE = `Usage: npm run keys:reseal
Seals every stored matching identifier again under ESIM_CODE_KEY, opening the older ones with the keys
in ESIM_CODE_KEYS_PREVIOUS. Safe to interrupt (each batch commits on its own) and to run again; when it
reports nothing left to do, the previous keys can be dropped from the configuration.`;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(USAGE);
  const config = loadConfig(process.env);
  const dataSource = await new DataSource(databaseOptions(config, ESIM_ENTITIES)).initialize();
  try {
    const cipher = codeCipherFor(config);
    const progress = new Progress('activation codes');
    const { resealed } = await new CodeResealer(dataSource, cipher).reseal({
      onProgress: ({ resealed: done, total }) => progress.update(done, total, 'Resealed'),
    });
    progress.finish();
    console.log(
      resealed === 0
        ? `Nothing to do: every activation code is sealed under the current key (${cipher.currentKeyId}).`
        : `Done: ${resealed.toLocaleString('en-US')} activation codes resealed under the current key (${cipher.currentKeyId}).`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `${error.message}\n\n${USAGE}` : `Reseal failed: ${(error as Error).message}`);
  process.exit(1);
});
