import { ArrayMaxSize, IsArray, IsNotEmpty } from 'class-validator';
import { EdmValue } from '../../../graph/body/edm-value.decorator';
import { ODataTypeAnnotation, ReadOnlyProperty, WhenPresent } from '../../../graph/body/wire-decorators';
import { ESIM_MODEL, POOL_TYPE } from '../../esim.schema';
import type { ActivationCode } from '../activation-code';

/** Spec §11: at most 100,000 activation codes in one request. */
export const MAX_ACTIVATION_CODES_PER_REQUEST = 100_000;

/**
 * What create and update share: the codes, and the read-only properties a client may echo back. Types,
 * facets and patterns come from the EDM (`@EdmValue`); class-validator adds what the model does not
 * say (the size limit first, so that 100,001 codes are refused before any is checked).
 */
abstract class PoolWriteDto {
  @ODataTypeAnnotation(POOL_TYPE)
  '@odata.type'?: string;

  @EdmValue(ESIM_MODEL, POOL_TYPE, 'activationCodes')
  @ArrayMaxSize(MAX_ACTIVATION_CODES_PER_REQUEST, { message: `must hold at most ${MAX_ACTIVATION_CODES_PER_REQUEST} codes per request` })
  @IsArray({ message: 'must be an array of activation codes' })
  @WhenPresent()
  activationCodes?: ActivationCode[];

  @ReadOnlyProperty() id?: unknown;
  @ReadOnlyProperty() createdDateTime?: unknown;
  @ReadOnlyProperty() modifiedDateTime?: unknown;
  @ReadOnlyProperty() activationCodeCount?: unknown;
}

export class CreatePoolDto extends PoolWriteDto {
  @EdmValue(ESIM_MODEL, POOL_TYPE, 'displayName', { required: true })
  @IsNotEmpty({ message: 'must not be empty' })
  @WhenPresent()
  displayName: string;
}

/** PATCH: every property optional; `activationCodes`, when present, replaces the whole set. */
export class UpdatePoolDto extends PoolWriteDto {
  @EdmValue(ESIM_MODEL, POOL_TYPE, 'displayName')
  @IsNotEmpty({ message: 'must not be empty' })
  @WhenPresent()
  displayName?: string;
}
