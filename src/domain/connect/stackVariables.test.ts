import * as assert from 'node:assert/strict';
import { stackTemplateParams } from './connectorTemplates';
import { describeUnresolved, hasStackReferences, resolveStackReferences, stackVariables } from './stackVariables';

describe('stack references in connector files', () => {
  const vars = stackVariables(stackTemplateParams({ postgresPassword: 'pw-from-config' }));

  it('resolves ${shoreline:…} from the stack config and leaves other ${…} alone', () => {
    const config = {
      'database.password': '${shoreline:postgres.password}',
      'iceberg.catalog.uri': 'jdbc:postgresql://${shoreline:postgres.host}:${shoreline:postgres.port}/postgres',
      'transforms.outbox.route.topic.replacement': 'outbox.event.${routedByValue}',
      'connection.password': '${file:/secrets.properties:pw}',
    };
    assert.ok(hasStackReferences(config));
    const r = resolveStackReferences(config, vars);
    assert.deepEqual(r.unresolved, []);
    assert.deepEqual(r.config, {
      'database.password': 'pw-from-config',
      'iceberg.catalog.uri': 'jdbc:postgresql://postgres:5432/postgres',
      'transforms.outbox.route.topic.replacement': 'outbox.event.${routedByValue}',
      'connection.password': '${file:/secrets.properties:pw}',
    });
    assert.ok(!hasStackReferences(r.config));
  });

  it('reports an unknown name with the closest known one', () => {
    const r = resolveStackReferences({ 'database.password': '${shoreline:postgres.pasword}' }, vars);
    assert.equal(r.config['database.password'], '${shoreline:postgres.pasword}');
    assert.equal(r.unresolved.length, 1);
    assert.match(describeUnresolved(r.unresolved[0]!, vars), /^"database\.password" refers to \$\{shoreline:postgres\.pasword\}, which is not a stack value; did you mean \$\{shoreline:postgres\.password\}\? — known: postgres\.host/);
  });
});
