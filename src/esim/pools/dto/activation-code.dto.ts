import { IsDefined, IsString, Matches, MaxLength } from 'class-validator';
import { ODataTypeAnnotation } from '../../../graph/body/wire-decorators';
import { ACTIVATION_CODE_TYPE } from '../../esim.schema';

/** The schema's own patterns (spec §2). */
export const ICCID_PATTERN = /^[0-9]{19}[0-9]?$/;
export const MATCHING_IDENTIFIER_PATTERN = /^[a-zA-Z0-9-]+$/;
export const SMDP_ADDRESS_PATTERN = /^([a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\.)+[a-zA-Z]{2,}$/;

/**
 * One activation code as a client writes it. Write-only: no response type contains it.
 * class-validator applies decorators bottom-up and reports the first failure, so the most basic
 * check of each property stands last.
 */
export class ActivationCodeDto {
  @ODataTypeAnnotation(ACTIVATION_CODE_TYPE)
  '@odata.type'?: string;

  @Matches(ICCID_PATTERN, { message: 'must be 19 or 20 digits' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  integratedCircuitCardIdentifier: string;

  @Matches(MATCHING_IDENTIFIER_PATTERN, { message: 'must be letters, digits and hyphens only' })
  @MaxLength(255, { message: 'must be at most 255 characters' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  matchingIdentifier: string;

  @Matches(SMDP_ADDRESS_PATTERN, { message: "must be a fully qualified domain name such as 'smdp.example.com'" })
  @MaxLength(253, { message: 'must be at most 253 characters' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  smdpPlusServerAddress: string;
}
