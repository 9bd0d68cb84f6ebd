import { serviceModule } from '../module.js'
import { auditRoutes } from './audit.routes.js'
import { createAuditService } from './audit.service.js'

/** The audit trail (written by every write, in its transaction; read here). */
export const auditModule = serviceModule(auditRoutes, ({ db }) => createAuditService({ db }))
