import { Allow } from 'class-validator';
import 'reflect-metadata';
import { EdmModel } from '../../odata/edm/edm-model';
import { EdmParameter, EdmProperty } from '../../odata/edm/edm-types';
import { valueProblem } from './body-problems';
import { compileMemberCheck, ValueCheck } from './edm-value-checks';

const EDM_VALUES = Symbol('graph:edmValues');

interface EdmValueMetadata {
  readonly property: string;
  readonly check: ValueCheck;
  readonly required: boolean;
}

/**
 * A DTO property whose rules come from the model: the type, facets and nullability of member
 * `memberName` of `ownerName` (a structured type's property, or a bound action's parameter), with
 * derived complex types and enumeration members (`compileValueCheck`). `required` is the DTO's call:
 * a create requires what a PATCH leaves optional.
 */
export function EdmValue(model: EdmModel, ownerName: string, memberName: string, options: { required?: boolean } = {}): PropertyDecorator {
  const check = compileMemberCheck(model, memberOf(model, ownerName, memberName));
  return (target, propertyKey) => {
    // Declares the property to class-validator, whose whitelist then knows it.
    Allow()(target, propertyKey);
    const existing = (Reflect.getMetadata(EDM_VALUES, target.constructor) as EdmValueMetadata[] | undefined) ?? [];
    const metadata: EdmValueMetadata = { property: String(propertyKey), check, required: options.required ?? false };
    Reflect.defineMetadata(EDM_VALUES, [...existing, metadata], target.constructor);
  };
}

/** Problems of a DTO's model-checked properties, except those whose class-validator rules failed already. */
export function edmValueProblems(dto: object, alreadyRefused: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const values = (Reflect.getMetadata(EDM_VALUES, dto.constructor) as EdmValueMetadata[] | undefined) ?? [];
  for (const { property, check, required } of values) {
    if (alreadyRefused.has(property)) continue;
    const value = Object.hasOwn(dto, property) ? (dto as Record<string, unknown>)[property] : undefined;
    if (value === undefined) {
      if (required) problems.push(valueProblem(property, 'is required'));
    } else {
      check(value, property, problems);
    }
  }
  return problems;
}

function memberOf(model: EdmModel, ownerName: string, memberName: string): EdmProperty | EdmParameter {
  const member =
    model.findType(ownerName) === undefined
      ? model
          .allActions()
          .get(ownerName)
          ?.parameters.find((parameter) => parameter.name === memberName)
      : model.findProperty(ownerName, memberName);
  if (member === undefined) throw new Error(`EdmValue: ${ownerName} has no property or parameter ${memberName}`);
  return member;
}
