import { ArrayMaxSize, IsArray, IsDefined, IsNotEmpty, IsString } from 'class-validator';
import { ValidateComplexCollection } from '../../../graph/body/complex-collection';
import { ODataTypeAnnotation, OptionalNonNullable, ReadOnlyProperty, StringFacets } from '../../../graph/body/wire-decorators';
import { declaredProperty } from '../../../odata/edm/edm-types';
import { ACTIVATION_CODE_EDM_TYPE, ACTIVATION_CODE_TYPE, POOL_EDM_TYPE, POOL_TYPE } from '../../esim.schema';
import type { ActivationCode } from '../activation-code';

/** Spec §11: at most 100,000 activation codes in one request. */
export const MAX_ACTIVATION_CODES_PER_REQUEST = 100_000;

const DISPLAY_NAME = declaredProperty(POOL_EDM_TYPE, 'displayName');

/**
 * What create and update share: the codes, and the read-only properties a client may echo back.
 * class-validator applies decorators bottom-up and reports the first failure, so the most basic
 * check of each property stands last.
 */
abstract class PoolWriteDto {
  @ODataTypeAnnotation(POOL_TYPE)
  '@odata.type'?: string;

  @ValidateComplexCollection(ACTIVATION_CODE_TYPE, ACTIVATION_CODE_EDM_TYPE)
  @ArrayMaxSize(MAX_ACTIVATION_CODES_PER_REQUEST, { message: `must hold at most ${MAX_ACTIVATION_CODES_PER_REQUEST} codes per request` })
  @IsArray({ message: 'must be an array of activation codes' })
  @OptionalNonNullable()
  activationCodes?: ActivationCode[];

  @ReadOnlyProperty() id?: unknown;
  @ReadOnlyProperty() createdDateTime?: unknown;
  @ReadOnlyProperty() modifiedDateTime?: unknown;
  @ReadOnlyProperty() activationCodeCount?: unknown;
}

export class CreatePoolDto extends PoolWriteDto {
  @StringFacets(DISPLAY_NAME)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  displayName: string;
}

/** PATCH: every property optional; `activationCodes`, when present, replaces the whole set. */
export class UpdatePoolDto extends PoolWriteDto {
  @StringFacets(DISPLAY_NAME)
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @OptionalNonNullable()
  displayName?: string;
}
