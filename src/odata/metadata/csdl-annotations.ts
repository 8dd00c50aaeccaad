import { EdmNavigationProperty, EdmProperty, EdmSingleton } from '../edm/edm-types';

/** The OASIS vocabularies whose terms `$metadata` uses, with the aliases the terms are written with. */
export const VOCABULARIES = [
  { namespace: 'Org.OData.Capabilities.V1', alias: 'Capabilities' },
  { namespace: 'Org.OData.Core.V1', alias: 'Core' },
  { namespace: 'Org.OData.Validation.V1', alias: 'Validation' },
] as const;

/** Where OASIS publishes a vocabulary, in the representation (`xml` or `json`) of the referencing document. */
export function vocabularyUri(namespace: string, representation: 'xml' | 'json'): string {
  return `https://oasis-tcs.github.io/odata-vocabularies/vocabularies/${namespace}.${representation}`;
}

export type CsdlAnnotationValue =
  | { readonly bool: boolean }
  | { readonly string: string }
  | { readonly enumType: string; readonly member: string }
  /** A record of Boolean properties (CSDL §14.4.12), such as a Capabilities restriction. */
  | { readonly record: Readonly<Record<string, boolean>> }
  /** An empty collection (CSDL §14.4.11), such as a Core.OptimisticConcurrency that does not say what its ETags are made of. */
  | { readonly emptyCollection: true };

/** A term applied to a model element (CSDL §14.2); annotations may themselves be annotated. */
export interface CsdlAnnotation {
  readonly term: string;
  readonly value: CsdlAnnotationValue;
  readonly annotations?: readonly CsdlAnnotation[];
}

/** What the service does with a property beyond its type, stated with Core and Validation terms. */
export function propertyAnnotations(property: EdmProperty): CsdlAnnotation[] {
  const annotations: CsdlAnnotation[] = [];
  if (property.computed) annotations.push({ term: 'Core.Computed', value: { bool: true } });
  // Spec §4: accepted on write, never read back. Core.Permission is a flags enum: Write = 2.
  if (property.writeOnly) annotations.push({ term: 'Core.Permissions', value: { enumType: 'Core.Permission', member: 'Write' } });
  if (property.pattern) {
    annotations.push({
      term: 'Validation.Pattern',
      // Validation.Pattern is an ECMA-262 expression, which is what RegExp.source is.
      value: { string: property.pattern.source },
      annotations: property.patternDescription ? [{ term: 'Core.Description', value: { string: property.patternDescription } }] : [],
    });
  }
  return annotations;
}

/**
 * What a containment navigation property's entities support. Core.OptimisticConcurrency names entity
 * sets, and a containment navigation property is where its entities are instead; the collection is
 * empty because the ETags come from a version the model does not show.
 */
export function navigationPropertyAnnotations(navigation: EdmNavigationProperty): CsdlAnnotation[] {
  return navigation.optimisticConcurrency ? [{ term: 'Core.OptimisticConcurrency', value: { emptyCollection: true } }] : [];
}

/** What a singleton does not allow, as Capabilities restrictions (OData's defaults allow everything). */
export function singletonAnnotations(singleton: EdmSingleton): CsdlAnnotation[] {
  const annotations: CsdlAnnotation[] = [];
  if (singleton.updatable === false) annotations.push({ term: 'Capabilities.UpdateRestrictions', value: { record: { Updatable: false } } });
  if (singleton.expandable === false)
    annotations.push({ term: 'Capabilities.ExpandRestrictions', value: { record: { Expandable: false } } });
  return annotations;
}
