import { z } from 'zod';

/**
 * The rules of OpenAPI 3.1.0 a document like ours can break, checked by hand: no validator for the
 * 3.1 specification is installed (the official JSON Schema of 3.1 relies on `$dynamicRef`, which the
 * installed tools do not read). Fixed fields per object come from the specification's tables;
 * `x-` extensions are allowed everywhere the specification allows them.
 */

type Json = Record<string, unknown>;

const ROOT_FIELDS = [
  'openapi',
  'info',
  'jsonSchemaDialect',
  'servers',
  'paths',
  'webhooks',
  'components',
  'security',
  'tags',
  'externalDocs',
];
const INFO_FIELDS = ['title', 'summary', 'description', 'termsOfService', 'contact', 'license', 'version'];
const PATH_ITEM_FIELDS = [
  '$ref',
  'summary',
  'description',
  'servers',
  'parameters',
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const OPERATION_FIELDS = [
  'tags',
  'summary',
  'description',
  'externalDocs',
  'operationId',
  'parameters',
  'requestBody',
  'responses',
  'callbacks',
  'deprecated',
  'security',
  'servers',
];
const PARAMETER_FIELDS = [
  'name',
  'in',
  'description',
  'required',
  'deprecated',
  'allowEmptyValue',
  'style',
  'explode',
  'allowReserved',
  'schema',
  'example',
  'examples',
  'content',
];
const HEADER_FIELDS = PARAMETER_FIELDS.filter((field) => field !== 'name' && field !== 'in');
const RESPONSE_FIELDS = ['description', 'headers', 'content', 'links'];
const REQUEST_BODY_FIELDS = ['description', 'content', 'required'];
const MEDIA_TYPE_FIELDS = ['schema', 'example', 'examples', 'encoding'];
const COMPONENT_FIELDS = [
  'schemas',
  'responses',
  'parameters',
  'examples',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
];
const SECURITY_SCHEME_TYPES = ['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect'];
const PARAMETER_LOCATIONS = ['query', 'header', 'path', 'cookie'];
const STATUS_KEY = /^([1-5](\d\d|XX)|default)$/;
const MEDIA_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every way the document breaks OpenAPI 3.1; empty when it is a valid 3.1 document. */
export function openApi31Problems(doc: Json): string[] {
  const problems: string[] = [];
  const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const fields = (where: string, value: unknown, allowed: string[], required: string[] = []) => {
    if (!isObject(value)) return problem(where, 'must be an object');
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key) && !key.startsWith('x-')) problem(where, `unknown field ${key}`);
    }
    for (const key of required) if (value[key] === undefined) problem(where, `missing ${key}`);
  };
  const components = isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const operationIds = new Set<string>();
  const defs = JSON.parse(JSON.stringify(schemas).replaceAll('"#/components/schemas/', '"#/$defs/')) as Json;

  fields('(root)', doc, ROOT_FIELDS, ['openapi', 'info']);
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi))
    problem('openapi', 'must be 3.1.x');
  if (doc.paths === undefined && doc.webhooks === undefined && doc.components === undefined) {
    problem('(root)', 'needs paths, webhooks or components');
  }
  fields('info', doc.info, INFO_FIELDS, ['title', 'version']);
  fields('components', components, COMPONENT_FIELDS);

  const refs = (where: string, value: unknown): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => refs(`${where}[${i}]`, item));
    if (!isObject(value)) return;
    if (typeof value.$ref === 'string') {
      const name = /^#\/components\/schemas\/(.+)$/.exec(value.$ref)?.[1];
      if (!name || !(name in schemas)) problem(where, `$ref ${value.$ref} does not resolve`);
    }
    for (const [key, item] of Object.entries(value)) refs(`${where}.${key}`, item);
  };
  const schema = (where: string, value: unknown) => {
    if (typeof value === 'boolean') return;
    if (!isObject(value)) return problem(where, 'schema must be an object or a boolean');
    try {
      // zod reads local references under `$defs`: the components' schemas are given there.
      const local = JSON.parse(
        JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/'),
      ) as Json;
      z.fromJSONSchema({ ...local, $defs: defs } as Parameters<typeof z.fromJSONSchema>[0]);
    } catch (error) {
      problem(where, `not a JSON Schema 2020-12 that resolves: ${String(error)}`);
    }
  };
  const content = (where: string, value: unknown) => {
    if (!isObject(value)) return problem(where, 'content must be an object');
    for (const [type, media] of Object.entries(value)) {
      if (!MEDIA_TYPE.test(type)) problem(`${where}.${type}`, 'not a media type');
      fields(`${where}.${type}`, media, MEDIA_TYPE_FIELDS);
      if (isObject(media) && media.schema !== undefined) schema(`${where}.${type}.schema`, media.schema);
    }
  };
  const security = (where: string, value: unknown) => {
    if (!Array.isArray(value)) return problem(where, 'security must be an array');
    for (const requirement of value) {
      if (!isObject(requirement)) {
        problem(where, 'each requirement must be an object');
        continue;
      }
      for (const [name, scopes] of Object.entries(requirement)) {
        if (!(name in schemes)) problem(where, `security scheme ${name} is not declared`);
        if (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string')) {
          problem(where, `${name} must list its scopes (strings)`);
        }
      }
    }
  };
  const operation = (where: string, value: unknown, pathParameters: string[]) => {
    fields(where, value, OPERATION_FIELDS, ['responses']);
    if (!isObject(value)) return;
    if (value.operationId !== undefined) {
      if (typeof value.operationId !== 'string') problem(where, 'operationId must be a string');
      else if (operationIds.has(value.operationId))
        problem(where, `operationId ${value.operationId} is not unique`);
      else operationIds.add(value.operationId);
    }
    const parameters = Array.isArray(value.parameters) ? value.parameters : [];
    const seen = new Set<string>();
    parameters.forEach((parameter: unknown, i) => {
      const at = `${where}.parameters[${i}]`;
      fields(at, parameter, PARAMETER_FIELDS, ['name', 'in']);
      if (!isObject(parameter)) return;
      if (!PARAMETER_LOCATIONS.includes(String(parameter.in)))
        problem(at, `in must be one of ${PARAMETER_LOCATIONS.join(', ')}`);
      if (parameter.in === 'path' && parameter.required !== true)
        problem(at, 'a path parameter must be required');
      if ((parameter.schema === undefined) === (parameter.content === undefined))
        problem(at, 'needs exactly one of schema or content');
      if (parameter.schema !== undefined) schema(`${at}.schema`, parameter.schema);
      const key = `${String(parameter.in)}:${String(parameter.name)}`;
      if (seen.has(key)) problem(at, `duplicate parameter ${key}`);
      seen.add(key);
    });
    for (const name of pathParameters) {
      if (!seen.has(`path:${name}`)) problem(where, `path parameter {${name}} is not described`);
    }
    for (const key of seen) {
      if (key.startsWith('path:') && !pathParameters.includes(key.slice(5)))
        problem(where, `${key} is not in the path`);
    }
    if (value.requestBody !== undefined) {
      fields(`${where}.requestBody`, value.requestBody, REQUEST_BODY_FIELDS, ['content']);
      if (isObject(value.requestBody)) content(`${where}.requestBody.content`, value.requestBody.content);
    }
    if (!isObject(value.responses) || Object.keys(value.responses).length === 0) {
      problem(where, 'responses must describe at least one status');
    } else {
      for (const [status, response] of Object.entries(value.responses)) {
        const at = `${where}.responses.${status}`;
        if (!STATUS_KEY.test(status)) problem(at, 'not a status code, range (4XX) or default');
        fields(at, response, RESPONSE_FIELDS, ['description']);
        if (!isObject(response)) continue;
        if (typeof response.description !== 'string') problem(at, 'description must be a string');
        if (response.content !== undefined) content(`${at}.content`, response.content);
        for (const [name, header] of Object.entries(isObject(response.headers) ? response.headers : {})) {
          fields(`${at}.headers.${name}`, header, HEADER_FIELDS);
        }
      }
    }
    if (value.security !== undefined) security(`${where}.security`, value.security);
  };
  const pathItems = (section: string, items: unknown, templated: boolean) => {
    if (items === undefined) return;
    if (!isObject(items)) return problem(section, 'must be an object');
    for (const [key, item] of Object.entries(items)) {
      const where = `${section}.${key}`;
      if (templated && !key.startsWith('/')) problem(where, 'a path must start with /');
      fields(where, item, PATH_ITEM_FIELDS);
      if (!isObject(item)) continue;
      const pathParameters = templated ? [...key.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!) : [];
      for (const method of METHODS) {
        if (item[method] !== undefined) operation(`${where}.${method}`, item[method], pathParameters);
      }
    }
  };

  pathItems('paths', doc.paths, true);
  pathItems('webhooks', doc.webhooks, false);
  if (doc.security !== undefined) security('security', doc.security);
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!isObject(scheme) || !SECURITY_SCHEME_TYPES.includes(String(scheme.type))) {
      problem(
        `components.securitySchemes.${name}`,
        `type must be one of ${SECURITY_SCHEME_TYPES.join(', ')}`,
      );
    } else if (scheme.type === 'http' && typeof scheme.scheme !== 'string') {
      problem(`components.securitySchemes.${name}`, 'an http scheme needs scheme');
    }
  }
  for (const [name, value] of Object.entries(schemas)) schema(`components.schemas.${name}`, value);
  refs('(document)', doc);
  return problems;
}
