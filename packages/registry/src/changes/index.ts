export { memoryChangeBus, type ChangeListener, type ChangeLogger, type RegistryChange, type RegistryChangeBus } from './bus.js'
export { redisChangeBus, registryChangesChannel, type RedisChangeBusOptions } from './redis-bus.js'
