import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { databaseOptions } from './src/database/database-options';
import { ESIM_ENTITIES } from './src/esim/esim.entities';

/** For the TypeORM CLI (`npm run migration:run`): the same options the service starts with. */
export default new DataSource(databaseOptions(loadConfig(process.env), ESIM_ENTITIES));
