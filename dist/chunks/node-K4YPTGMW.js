import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);
import {
  child_process,
  crypto,
  fs,
  os,
  path,
  stream,
  util
} from "./chunk-SOJ2SJ3H.js";
import "./chunk-WZQK2JZ7.js";
export {
  child_process,
  crypto,
  fs,
  os,
  path,
  stream,
  util
};
