import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = Symbol('identity:public');

/** Spec §8: only the service document, `$metadata` and health answer without a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
