import * as assert from 'node:assert/strict';
import { parseSchemaRegistryUrl } from './avroRegistryUrl';

describe('schema registry URL', () => {
  it('accepts http(s) base URLs and drops the trailing slash; empty means none', () => {
    assert.equal(parseSchemaRegistryUrl('http://localhost:8081/', 'f'), 'http://localhost:8081');
    assert.equal(parseSchemaRegistryUrl(' https://sr.example.com/apis/ccompat/v7 ', 'f'), 'https://sr.example.com/apis/ccompat/v7');
    assert.equal(parseSchemaRegistryUrl('', 'f'), undefined);
    assert.equal(parseSchemaRegistryUrl(undefined, 'f'), undefined);
  });
  it('rejects other values with the field, the value and the fix', () => {
    assert.throws(() => parseSchemaRegistryUrl('localhost:8081', 'shoreline.kafka.schemaRegistryUrl'), /shoreline\.kafka\.schemaRegistryUrl is "localhost:8081": only http and https/);
    assert.throws(() => parseSchemaRegistryUrl('not a url', 'x'), /x is "not a url", which is not a URL/);
    assert.throws(() => parseSchemaRegistryUrl(8081, 'x'), /x must be a string, not 8081/);
    assert.throws(() => parseSchemaRegistryUrl('http://u:p@sr:8081', 'x'), /user name or password/);
    assert.throws(() => parseSchemaRegistryUrl('http://sr:8081/?a=1', 'x'), /no query or fragment/);
  });
});
