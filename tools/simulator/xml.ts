// XML as phones read it: well-formed or rejected, entities decoded, values kept as strings.
import { XMLParser, XMLValidator } from "fast-xml-parser";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Settings are strings to the phone: "0012" stays "0012", "  x" stays "  x".
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  preserveOrder: true,
  commentPropName: "#comment",
});

/** One element: its name, attributes, text and children, in document order. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

type Ordered = Record<string, unknown> & { ":@"?: Record<string, string> };

function toElement(node: Ordered): XmlElement | null {
  const name = Object.keys(node).find((key) => key !== ":@");
  if (!name || name === "#text" || name === "#comment") return null;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(node[":@"] ?? {})) attributes[key.slice(1)] = String(value);
  const content = (node[name] as Ordered[]) ?? [];
  const children: XmlElement[] = [];
  let text = "";
  for (const child of content) {
    if ("#text" in child) text += String(child["#text"]);
    else {
      const element = toElement(child);
      if (element) children.push(element);
    }
  }
  return { name, attributes, text, children };
}

/** The root element of a document; throws unless it is well-formed XML with exactly one root. */
export function parseXml(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  // fast-xml-parser leaves numeric character references as they are; a phone would decode them.
  if (xml.includes("&#")) throw new Error("numeric character references are not decoded by this reader");
  const roots = (parser.parse(xml) as Ordered[]).map(toElement).filter((e): e is XmlElement => e !== null);
  if (roots.length !== 1) throw new Error(`the document has ${roots.length} root elements`);
  return roots[0]!;
}

/** A setting read twice is a file the phone would apply in an order we cannot promise. */
export function setOnce(settings: Map<string, string>, name: string, value: string): void {
  if (settings.has(name)) throw new Error(`${name} is set a second time`);
  settings.set(name, value);
}
