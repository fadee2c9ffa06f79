/**
 * Internal: keeping the service honest about its SQLite file. A SQLite connection writes to the
 * file it opened, whatever happens to the path: deleted or replaced under a running service, the
 * file would take writes that vanish at the next start. And SQLite maps the `-shm` file into
 * memory: one it cannot write is refused before it is opened.
 * @packageDocumentation
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, statSync, type Stats } from 'node:fs'
import { Ob3Error } from '@ob3/core'

/** The files of one SQLite database in WAL mode. */
const SIDECARS = ['-wal', '-shm'] as const

/**
 * Refuse a database whose `-wal` or `-shm` exists but cannot be used for writing: not a regular
 * file (a directory, a FIFO, a symbolic link — SQLite does not follow one), or not openable for
 * reading and writing. Checked before SQLite opens the file.
 * @throws Ob3Error `ERR_OB3_STORE_READ_ONLY`
 */
export function checkSqliteSidecars(path: string): void {
  for (const suffix of SIDECARS) {
    const file = `${path}${suffix}`
    let stats: Stats
    try {
      stats = lstatSync(file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw unwritable(file, (err as NodeJS.ErrnoException).code ?? 'unreadable', err)
    }
    if (!stats.isFile()) throw unwritable(file, stats.isDirectory() ? 'a directory' : stats.isSymbolicLink() ? 'a symbolic link' : 'not a regular file')
    let fd: number | undefined
    try {
      fd = openSync(file, constants.O_RDWR | constants.O_NOFOLLOW)
      if (!fstatSync(fd).isFile()) throw unwritable(file, 'not a regular file')
    } catch (err) {
      if (err instanceof Ob3Error) throw err
      throw unwritable(file, (err as NodeJS.ErrnoException).code ?? 'not writable', err)
    } finally {
      if (fd !== undefined) closeSync(fd)
    }
  }
}

function unwritable(file: string, why: string, cause?: unknown): Ob3Error {
  return new Ob3Error('ERR_OB3_STORE_READ_ONLY', `the SQLite file ${file} cannot be written (${why}); the service does not start on a database it cannot write`, {
    ...(cause === undefined ? {} : { cause }),
    details: { file, reason: why },
  })
}

/** Watches that a SQLite database's path still names the files the service opened. */
export interface SqliteFileGuard {
  /**
   * Three `stat` calls: the database, its `-wal` and its `-shm` must still be the files (device
   * and inode) they were when the service started.
   * @throws Ob3Error `ERR_OB3_STORE_FILE_GONE` when one was deleted or replaced
   */
  check(): void
}

type Identity = { dev: number; ino: number } | undefined

function identity(file: string): Identity {
  try {
    const s = statSync(file)
    return { dev: s.dev, ino: s.ino }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    throw err
  }
}

/**
 * Remember the identity (device, inode) of a database and of its `-wal` and `-shm` as they are
 * now, once the service has opened them; {@link SqliteFileGuard.check} compares. While the
 * service holds its connections SQLite neither deletes nor recreates these files, so a change is
 * someone else's doing: a deletion, a restore copied over it, a move.
 */
export function guardSqliteFile(path: string): SqliteFileGuard {
  const files = [path, ...SIDECARS.map((s) => `${path}${s}`)]
  const opened = files.map(identity)
  return {
    check() {
      files.forEach((file, i) => {
        const then = opened[i]
        if (then === undefined) return
        let now: Identity
        try {
          now = identity(file)
        } catch (cause) {
          throw new Ob3Error('ERR_OB3_STORE_FILE_GONE', `the SQLite file ${file} cannot be examined`, { cause, details: { file } })
        }
        if (now === undefined || now.dev !== then.dev || now.ino !== then.ino) {
          throw new Ob3Error('ERR_OB3_STORE_FILE_GONE', `the SQLite file ${file} was ${now === undefined ? 'deleted' : 'replaced'} while the service was running; writes are refused (they would be lost): restore it and restart the service`, {
            details: { file, state: now === undefined ? 'deleted' : 'replaced' },
          })
        }
      })
    },
  }
}
