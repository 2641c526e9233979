/**
 * The preload of the sandboxed renderer: exposes one generic bridge (and
 * the path of a dropped file) and nothing else. It never changes when
 * channels are added.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../../shared/app/api/wire';

const bridge: Bridge = {
  invoke: (channel, input) => ipcRenderer.invoke('api:invoke', channel, input),
  subscribe: (listener) => {
    const wrapped = (_event: IpcRendererEvent, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on('api:event', wrapped);
    return () => {
      ipcRenderer.off('api:event', wrapped);
    };
  },
  // Sandboxed renderers no longer see File.path; webUtils is the supported way to learn a dropped file's location.
  pathForFile: (file) => (file instanceof File ? webUtils.getPathForFile(file) : ''),
};

contextBridge.exposeInMainWorld('bridge', bridge);
