import 'reflect-metadata';
import { EdmProperty, EdmStructuredType } from '../../odata/edm/edm-types';
import { childPath, maxLengthExpectation, nullProblem, patternExpectation, unknownPropertyProblem, valueProblem } from './body-problems';

/** Checks one value at `path`, appending problems; never throws on bad input. */
export type ComplexValueCheck = (value: unknown, path: string, problems: string[]) => void;

/**
 * Compiles a checker for values of a complex type from its EDM definition: unknown properties,
 * `@odata.type`, required and non-nullable properties, JSON types, MaxLength and Validation.Pattern.
 * It exists for speed: class-validator plus class-transformer spent about 35 µs on each of 100,000
 * activation codes; this loop spends well under 1 µs, and the facets it reads are the ones `$metadata`
 * publishes, so documentation and enforcement cannot drift.
 */
export function compileComplexValueCheck(qualifiedName: string, type: EdmStructuredType): ComplexValueCheck {
  const properties = new Map(type.properties.map((property) => [property.name, compileProperty(property)]));
  return (value, path, problems) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(valueProblem(path, 'must be a JSON object'));
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (key === '@odata.type') {
        const annotated = record[key];
        if (annotated !== qualifiedName && annotated !== `#${qualifiedName}`) {
          problems.push(valueProblem(childPath(path, key), `must be '#${qualifiedName}'`));
        }
      } else if (!properties.has(key)) {
        problems.push(unknownPropertyProblem(childPath(path, key), qualifiedName));
      }
    }
    for (const [name, check] of properties) check(Object.hasOwn(record, name) ? record[name] : undefined, childPath(path, name), problems);
  };
}

function compileProperty(property: EdmProperty): (value: unknown, path: string, problems: string[]) => void {
  if (property.type !== 'Edm.String' || property.collection) {
    throw new Error(`compileComplexValueCheck supports single Edm.String properties only, not ${property.name}: ${property.type}`);
  }
  const required = property.nullable === false;
  const { maxLength, pattern } = property;
  return (value, path, problems) => {
    if (value === undefined) {
      if (required) problems.push(valueProblem(path, 'is required'));
    } else if (value === null) {
      if (required) problems.push(nullProblem(path));
    } else if (typeof value !== 'string') {
      problems.push(valueProblem(path, 'must be a string'));
    } else if (maxLength !== undefined && value.length > maxLength) {
      problems.push(valueProblem(path, maxLengthExpectation(maxLength)));
    } else if (pattern !== undefined && !pattern.test(value)) {
      problems.push(valueProblem(path, patternExpectation(property)));
    }
  };
}

const COMPLEX_COLLECTIONS = Symbol('graph:complexCollections');

interface ComplexCollectionMetadata {
  readonly property: string;
  readonly check: ComplexValueCheck;
}

/**
 * Marks a DTO property as a collection of an EDM complex type; the body pipe checks each element
 * with the compiled checker (the array itself is checked by the property's class-validator rules).
 */
export function ValidateComplexCollection(qualifiedName: string, type: EdmStructuredType): PropertyDecorator {
  const check = compileComplexValueCheck(qualifiedName, type);
  return (target, propertyKey) => {
    const existing = (Reflect.getMetadata(COMPLEX_COLLECTIONS, target.constructor) as ComplexCollectionMetadata[] | undefined) ?? [];
    Reflect.defineMetadata(COMPLEX_COLLECTIONS, [...existing, { property: String(propertyKey), check }], target.constructor);
  };
}

/** Problems in the complex collections of an already shape-checked DTO. */
export function complexCollectionProblems(dto: object): string[] {
  const problems: string[] = [];
  const collections = (Reflect.getMetadata(COMPLEX_COLLECTIONS, dto.constructor) as ComplexCollectionMetadata[] | undefined) ?? [];
  for (const { property, check } of collections) {
    const items = (dto as Record<string, unknown>)[property];
    if (Array.isArray(items)) items.forEach((item, index) => check(item, childPath(property, index), problems));
  }
  return problems;
}
