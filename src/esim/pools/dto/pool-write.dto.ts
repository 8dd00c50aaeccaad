import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsString, Length, ValidateNested } from 'class-validator';
import { ODataTypeAnnotation, OptionalNonNullable, ReadOnlyProperty } from '../../../graph/body/wire-decorators';
import { POOL_TYPE } from '../../esim.schema';
import { ActivationCodeDto } from './activation-code.dto';

/** Spec §11: at most 100,000 activation codes in one request. */
export const MAX_ACTIVATION_CODES_PER_REQUEST = 100_000;

/**
 * What create and update share: the codes, and the read-only properties a client may echo back.
 * Decorators run bottom-up and the first failure is reported, so basic type checks stand last.
 */
abstract class PoolWriteDto {
  @ODataTypeAnnotation(POOL_TYPE)
  '@odata.type'?: string;

  @Type(() => ActivationCodeDto)
  @ValidateNested({ each: true, message: 'must hold only JSON objects' })
  @ArrayMaxSize(MAX_ACTIVATION_CODES_PER_REQUEST, { message: `must hold at most ${MAX_ACTIVATION_CODES_PER_REQUEST} codes per request` })
  @IsArray({ message: 'must be an array of activation codes' })
  @OptionalNonNullable()
  activationCodes?: ActivationCodeDto[];

  @ReadOnlyProperty() id?: unknown;
  @ReadOnlyProperty() createdDateTime?: unknown;
  @ReadOnlyProperty() modifiedDateTime?: unknown;
  @ReadOnlyProperty() activationCodeCount?: unknown;
}

export class CreatePoolDto extends PoolWriteDto {
  @Length(1, 256, { message: 'must be 1 to 256 characters long' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  displayName: string;
}

/** PATCH: every property optional; `activationCodes`, when present, replaces the whole set. */
export class UpdatePoolDto extends PoolWriteDto {
  @Length(1, 256, { message: 'must be 1 to 256 characters long' })
  @IsString({ message: 'must be a string' })
  @OptionalNonNullable()
  displayName?: string;
}
