// Types for the hubot 14 (ESM, async) API this project uses. @types/hubot describes the
// old callback API, so we keep our own.
declare module 'hubot' {
  import type { EventEmitter } from 'node:events'
  import type { Logger } from 'pino'

  export class User {
    constructor (id: string, options?: Record<string, unknown>)
    id: string
    name: string
    room?: string
    [key: string]: unknown
  }

  export class Message {
    constructor (user: User, done?: boolean)
    user: User
    room: string
    id?: string
    done: boolean
    finish (): void
  }
  export class TextMessage extends Message {
    constructor (user: User, text: string, id?: string)
    text: string
    match (regex: RegExp): RegExpMatchArray | null
  }
  export class EnterMessage extends Message {}
  export class LeaveMessage extends Message {}
  export class TopicMessage extends TextMessage {}
  export class CatchAllMessage extends Message {
    constructor (message: Message)
    message: Message
  }

  export interface Envelope {
    room: string
    user?: User
    message?: Message
    [key: string]: unknown
  }

  export class Response<M extends Message = Message> {
    constructor (robot: Robot, message: M, match: RegExpMatchArray)
    robot: Robot
    message: M
    match: RegExpMatchArray
    envelope: Envelope
    send (...strings: unknown[]): Promise<unknown>
    reply (...strings: unknown[]): Promise<unknown>
    emote (...strings: unknown[]): Promise<unknown>
    topic (...strings: unknown[]): Promise<unknown>
    finish (): void
  }

  export interface ListenerOptions {
    id?: string | null
    [key: string]: unknown
  }

  export type ListenerCallback = (res: Response<TextMessage>) => unknown

  export class Listener {
    robot: Robot
    matcher: (message: Message) => unknown
    options: ListenerOptions
    callback: ListenerCallback
    regex?: RegExp
    call (message: Message, middleware?: Middleware): Promise<unknown>
  }

  export interface ListenerContext { listener: Listener, response: Response<TextMessage> }
  export interface ReceiveContext { response: Response }
  export interface ResponseContext {
    response: Response
    strings: unknown[]
    method: string
    plaintext?: boolean
  }

  export class Middleware<C = unknown> {
    constructor (robot: Robot)
    stack: Array<(context: C) => Promise<boolean | undefined> | boolean | undefined>
    execute (context: C): Promise<boolean>
    register (fn: (context: C) => Promise<boolean | undefined> | boolean | undefined): void
  }

  export class Brain extends EventEmitter {
    constructor (robot: Robot)
    data: { users: Record<string, User>, _private: Record<string, unknown>, [key: string]: unknown }
    autoSave: boolean
    saveInterval?: NodeJS.Timeout
    set (key: string, value: unknown): this
    get (key: string): unknown
    remove (key: string): this
    save (): void
    close (): void
    setAutoSave (enabled: boolean): void
    resetSaveInterval (seconds: number): void
    mergeData (data: Record<string, unknown>): void
    users (): Record<string, User>
    userForId (id: string, options?: Record<string, unknown>): User
    userForName (name: string): User | null
    usersForFuzzyName (name: string): User[]
  }

  export class Adapter extends EventEmitter {
    constructor (robot: Robot)
    robot: Robot
    name?: string
    send (envelope: Envelope, ...strings: unknown[]): Promise<unknown>
    reply (envelope: Envelope, ...strings: unknown[]): Promise<unknown>
    emote (envelope: Envelope, ...strings: unknown[]): Promise<unknown>
    topic (envelope: Envelope, ...strings: unknown[]): Promise<unknown>
    play (envelope: Envelope, ...strings: unknown[]): Promise<unknown>
    locked (envelope: Envelope, ...strings: unknown[]): Promise<unknown>
    run (): Promise<void>
    close (): void
    receive (message: Message): Promise<void>
  }

  export class CommandBus {
    unregister (id: string): boolean
    getCommand (id: string): unknown
    clearPendingProposals (): void
  }

  export interface AdapterModule { use (robot: Robot): Adapter | Promise<Adapter> }

  export class Robot {
    constructor (adapter: string | AdapterModule | null, httpd: boolean, name?: string, alias?: string | false)
    name: string
    alias: string | false
    adapter: Adapter
    adapterName: string
    brain: Brain
    logger: Logger
    listeners: Listener[]
    commands: CommandBus
    helpStrings: string[]
    events: EventEmitter
    router: import('express').Express
    server?: import('node:http').Server
    middleware: {
      listener: Middleware<ListenerContext>
      response: Middleware<ResponseContext>
      receive: Middleware<ReceiveContext>
    }
    hear (regex: RegExp, options: ListenerOptions, callback: ListenerCallback): void
    hear (regex: RegExp, callback: ListenerCallback): void
    respond (regex: RegExp, options: ListenerOptions, callback: ListenerCallback): void
    respond (regex: RegExp, callback: ListenerCallback): void
    respondPattern (regex: RegExp): RegExp
    listen (matcher: (message: Message) => unknown, options: ListenerOptions, callback: (res: Response) => unknown): void
    catchAll (options: ListenerOptions, callback: (res: Response) => unknown): void
    catchAll (callback: (res: Response) => unknown): void
    error (callback: (err: Error, res?: Response) => void): void
    listenerMiddleware (fn: (context: ListenerContext) => Promise<boolean | undefined> | boolean | undefined): void
    receiveMiddleware (fn: (context: ReceiveContext) => Promise<boolean | undefined> | boolean | undefined): void
    responseMiddleware (fn: (context: ResponseContext) => Promise<boolean | undefined> | boolean | undefined): void
    receive (message: Message): Promise<unknown>
    loadFile (directory: string, file: string): Promise<unknown>
    loadAdapter (path?: string | null): Promise<void>
    parseHelp (path: string): void
    helpCommands (): string[]
    send (envelope: Envelope, ...strings: unknown[]): Promise<unknown>
    reply (envelope: Envelope, ...strings: unknown[]): Promise<unknown>
    messageRoom (room: string, ...strings: unknown[]): Promise<unknown>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Node's EventEmitter: listeners declare their own parameter types
    on (event: string, listener: (...args: any[]) => void): void
    emit (event: string, ...args: unknown[]): void
    shutdown (): void
  }

  const hubot: {
    Robot: typeof Robot
    Adapter: typeof Adapter
    User: typeof User
    TextMessage: typeof TextMessage
    Response: typeof Response
  }
  export default hubot
}
