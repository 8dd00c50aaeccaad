import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CallerGuard } from './caller.guard';

/** Identity and tenancy: decides who the caller is and which tenant's data they see. */
@Module({ providers: [{ provide: APP_GUARD, useClass: CallerGuard }] })
export class IdentityModule {}
