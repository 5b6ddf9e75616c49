export { IniDocument, type IniSectionView, type IniValue } from './document.js';
export { readIniFile, editIniFile, decodeIniBytes } from '../ini-file.js';
