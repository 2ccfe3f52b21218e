export { WeChatConfig } from './config.js';
export { registerWeChat } from './register.js';
export { registerWeCom } from '../wecom/register.js';
