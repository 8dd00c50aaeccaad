import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidateIf } from 'class-validator';
import 'reflect-metadata';

const ODATA_TYPE_NAME = Symbol('graph:odataTypeName');
const READ_ONLY_PROPERTIES = Symbol('graph:readOnlyProperties');

/**
 * Declares the `@odata.type` a request body may carry (spec §2: when present it must name the
 * expected type; the leading `#` is optional) and records the type name for error messages.
 */
export function ODataTypeAnnotation(qualifiedName: string): PropertyDecorator {
  return (target, propertyKey) => {
    Reflect.defineMetadata(ODATA_TYPE_NAME, qualifiedName, target.constructor);
    applyDecorators(
      ValidateIf((_, value) => value !== undefined),
      ValidateBy({
        name: 'odataType',
        validator: {
          validate: (value) => value === qualifiedName || value === `#${qualifiedName}`,
          defaultMessage: () => `must be '#${qualifiedName}'`,
        },
      }),
    )(target, propertyKey);
  };
}

/**
 * Declares a DTO as the parameters of an action (OData JSON §17: a JSON object of the parameters), so
 * the body pipe checks it with Graph's rules and names the action in its messages.
 */
export function ODataActionParameters(qualifiedActionName: string): ClassDecorator {
  return WireObject(qualifiedActionName);
}

/**
 * Names a JSON object of the wire that no EDM type describes (a `$batch` request, say), for the
 * messages of `validateGraphBody`.
 */
export function WireObject(name: string): ClassDecorator {
  return (target) => Reflect.defineMetadata(ODATA_TYPE_NAME, name, target);
}

/** The OData type (or action) a DTO class stands for, when it declares one. */
export function odataTypeNameOf(dtoClass: unknown): string | undefined {
  return typeof dtoClass === 'function' ? (Reflect.getMetadata(ODATA_TYPE_NAME, dtoClass) as string | undefined) : undefined;
}

/** Spec §2: a read-only property in a body is ignored, not rejected (clients echo what they read). */
export function ReadOnlyProperty(): PropertyDecorator {
  return (target, propertyKey) => {
    const existing = (Reflect.getMetadata(READ_ONLY_PROPERTIES, target.constructor) as string[] | undefined) ?? [];
    Reflect.defineMetadata(READ_ONLY_PROPERTIES, [...existing, String(propertyKey)], target.constructor);
  };
}

export function readOnlyPropertiesOf(dtoClass: object): readonly string[] {
  return (Reflect.getMetadata(READ_ONLY_PROPERTIES, dtoClass) as string[] | undefined) ?? [];
}

/**
 * class-validator's rules below apply only to a value that is there: a missing property (required or
 * not) and `null` (allowed or not) are the model's call (`@EdmValue`).
 */
export function WhenPresent(): PropertyDecorator {
  return ValidateIf((_, value) => value !== undefined && value !== null);
}
