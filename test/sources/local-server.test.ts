import assert from 'node:assert/strict';
import { availableParallelism, hostname } from 'node:os';
import { test } from 'node:test';
import { workerCount } from '../../src/cli/worker-count.js';
import type { SourceConfig } from '../../src/config/estate-config.js';
import { runsOnThisMachine } from '../../src/sources/local-server.js';

const postgres = (url?: string): SourceConfig => ({ name: 'p', type: 'postgres', ...(url && { url }) });
const mysql = (url?: string): SourceConfig => ({ name: 'm', type: 'mysql', ...(url && { url }) });

test('a database server on a loopback address, a socket or this host runs on this machine', () => {
  assert.equal(runsOnThisMachine(postgres('postgres://postgres@127.0.0.1:5432/test'), {}), true);
  assert.equal(runsOnThisMachine(postgres('postgres://u@localhost/db'), {}), true);
  assert.equal(runsOnThisMachine(postgres('postgres://u@[::1]:5432/db'), {}), true);
  assert.equal(runsOnThisMachine(postgres('postgres:///db?host=/var/run/postgresql'), {}), true);
  assert.equal(runsOnThisMachine(postgres(`postgres://u@${hostname()}/db`), {}), true);
  assert.equal(runsOnThisMachine(mysql('mariadb://root@127.0.0.1:3306/test'), {}), true);
});

test('without a URL the drivers’ environment decides, and their default is this machine', () => {
  assert.equal(runsOnThisMachine(postgres(), {}), true);
  assert.equal(runsOnThisMachine(postgres(), { PGHOST: '/tmp' }), true);
  assert.equal(runsOnThisMachine(postgres(), { PGHOST: 'db.prod.example.com' }), false);
  assert.equal(runsOnThisMachine(mysql(), { MYSQL_HOST: 'db.prod.example.com' }), false);
  assert.equal(runsOnThisMachine(mysql(), {}), true);
});

test('remote servers, files and buckets do not', () => {
  assert.equal(runsOnThisMachine(postgres('postgres://u@db.prod.example.com:5432/app'), {}), false);
  assert.equal(runsOnThisMachine(mysql('mysql://u@192.0.2.10/app'), {}), false);
  assert.equal(runsOnThisMachine({ name: 's', type: 'sqlite', path: 'app.sqlite' }, {}), false);
  assert.equal(runsOnThisMachine({ name: 'b', type: 's3', bucket: 'lake' }, {}), false);
  assert.equal(runsOnThisMachine(postgres('not a url'), {}), false);
});

test('--workers auto keeps a core for a database server on this machine', () => {
  const cores = availableParallelism();
  const remote = [postgres('postgres://u@db.prod.example.com/app')];
  const local = [...remote, postgres('postgres://postgres@127.0.0.1:5432/test')];
  assert.equal(workerCount('auto', remote), Math.max(1, cores - 1));
  assert.equal(workerCount('auto', local), Math.max(0, cores - 2));
  assert.equal(workerCount('auto'), Math.max(1, cores - 1));
  assert.equal(workerCount(3, local), 3, 'a number is taken as it is');
  assert.equal(workerCount('0', local), 0);
});
