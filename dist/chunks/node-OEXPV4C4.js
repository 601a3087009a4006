import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);
import {
  child_process,
  crypto,
  fs,
  os,
  path,
  stream,
  util
} from "./chunk-PEUSRF4F.js";
export {
  child_process,
  crypto,
  fs,
  os,
  path,
  stream,
  util
};
