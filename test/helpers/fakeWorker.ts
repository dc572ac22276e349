// A Worker stand-in for the bridge tests: the "worker side" is a Comlink-exposed object on the other end of a
// MessageChannel in this process (structured clone and transfer as between threads).
import * as Comlink from 'comlink';
import type { WorkerLike } from '../../src/bridge/bridge';
import { guarded } from '../../workers/engineWorkerApi';

export class ChannelWorker extends EventTarget implements WorkerLike {
  private readonly port: MessagePort;
  private readonly workerPort: MessagePort;
  /** Set by terminate(); messages posted after it are dropped. */
  terminated = false;
  /** `api` is exposed as it is: wrap it with guardedApi() for failures to cross as the real worker sends them. */
  constructor(api: object) {
    super();
    const channel = new MessageChannel();
    Comlink.expose(api, channel.port1);
    this.workerPort = channel.port1;
    this.port = channel.port2;
  }
  postMessage(message: unknown, transfer?: Transferable[]): void {
    if (!this.terminated) this.port.postMessage(message, transfer ?? []);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    if (type === 'message') this.port.addEventListener(type, listener as EventListener, options);
    else super.addEventListener(type, listener, options);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    if (type === 'message') this.port.removeEventListener(type, listener as EventListener, options);
    else super.removeEventListener(type, listener, options);
  }
  start(): void {
    this.port.start();
  }
  terminate(): void {
    this.terminated = true;
    this.port.close();
    this.workerPort.close();
  }
  /** An 'error' event, as a Worker dispatches when its thread dies. */
  crash(message = 'boom'): void {
    const event = new Event('error') as Event & { message: string };
    event.message = message;
    this.dispatchEvent(event);
  }
}

/** The api's methods wrapped by the real worker's `guarded`, so failures cross as the real worker sends them. */
export function guardedApi<T extends object>(api: T): T {
  return Object.fromEntries(Object.entries(api).map(([name, fn]) => [name, guarded(fn as (...args: unknown[]) => unknown)])) as T;
}
