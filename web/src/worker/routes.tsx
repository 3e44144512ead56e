import type { ReactNode } from 'react';

/**
 * The pages of worker.html: the workers' phone pages under /worker/* and the public 四公开 pages
 * under /public/*. One list, as in the console; append a page here (its code in
 * web/src/worker/<page>/ or web/src/public/<page>/).
 */
export interface WorkerRoute {
  path: string;
  element: ReactNode;
}

export const workerRoutes: WorkerRoute[] = [];
