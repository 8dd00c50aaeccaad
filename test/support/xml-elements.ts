export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
}

const NAME = '[A-Za-z_][\\w:.-]*';
const TOKEN = new RegExp(
  `<!--[\\s\\S]*?-->|<\\?[\\s\\S]*?\\?>|<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`,
  'g',
);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * A small, strict XML element reader for tests: elements and attributes only (what CSDL XML is made
 * of), comments and declarations skipped, any stray text or mismatched tag an error. Strict on
 * purpose, so that a malformed `$metadata` fails the test instead of being read leniently.
 */
export function parseXml(xml: string): XmlElement {
  const document: XmlElement = { name: '#document', attributes: {}, children: [] };
  const open: XmlElement[] = [document];
  let position = 0;
  for (const match of xml.matchAll(TOKEN)) {
    expectWhitespace(xml.slice(position, match.index), match.index);
    position = match.index + match[0].length;
    const [, closing, name, attributeText, selfClosing] = match;
    if (name === undefined) continue;
    const parent = open[open.length - 1];
    if (closing) {
      if (parent.name !== name) throw new Error(`</${name}> at offset ${match.index} closes <${parent.name}>`);
      open.pop();
      continue;
    }
    const element: XmlElement = { name, attributes: parseAttributes(attributeText), children: [] };
    parent.children.push(element);
    if (!selfClosing) open.push(element);
  }
  expectWhitespace(xml.slice(position), position);
  if (open.length !== 1) throw new Error(`<${open[open.length - 1].name}> is never closed`);
  if (document.children.length !== 1) throw new Error(`An XML document has one root element, not ${document.children.length}`);
  return document.children[0];
}

/** The children of `parent` named `name`, optionally only those whose `Name` attribute is `nameAttribute`. */
export function childrenNamed(parent: XmlElement, name: string, nameAttribute?: string): XmlElement[] {
  return parent.children.filter((child) => child.name === name && (nameAttribute === undefined || child.attributes.Name === nameAttribute));
}

function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, doubleQuoted, singleQuoted] of text.matchAll(ATTRIBUTE)) {
    if (name in attributes) throw new Error(`Attribute ${name} is given twice`);
    attributes[name] = decodeEntities(doubleQuoted ?? singleQuoted);
  }
  return attributes;
}

function decodeEntities(value: string): string {
  if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);)/.test(value)) throw new Error(`Unescaped & in attribute value ${value}`);
  return value.replace(ENTITY, (_, entity: string) =>
    entity.startsWith('#x')
      ? String.fromCodePoint(parseInt(entity.slice(2), 16))
      : entity.startsWith('#')
        ? String.fromCodePoint(Number(entity.slice(1)))
        : NAMED_ENTITIES[entity],
  );
}

function expectWhitespace(text: string, offset: number): void {
  if (text.trim() !== '') throw new Error(`Unexpected text at offset ${offset}: ${text.trim().slice(0, 40)}`);
}
