import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { databaseOptions } from './database-options';

@Module({
  imports: [TypeOrmModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => databaseOptions(config) })],
})
export class DatabaseModule {}
