export { WeChatConfig } from './config.js';
export { registerWeChat } from './register.js';
export { WeChatAdapter } from './adapter.js';
export { registerWeCom } from '../wecom/register.js';
export { WeComAdapter } from '../wecom/adapter.js';
