// What a question asks for, and what a sentence or clause that answers it says: read by retrieval (which sentence
// of a section) and by the direct line (which clause of the quote), so both prefer the same words.

/** A clause put as a question (…吗, 什么, 咋, 多少…): an ask, not the asker's story. */
export const PUT_AS_QUESTION = /[?？]$|[吗呢么不没]$|什么|啥|咋|怎么|如何|能不能|可不可以|是否|多少|哪些|哪里|有没有/

// "什么条件 / 谁能申请" asks who a programme covers: the words that draw its circle ("范围扩大到所有在宁波初创5年内
// 的人员") answer it, not ones that only say "符合条件的".
export const ASKS_WHO = /条件|资格|谁能|谁可以|哪些人|什么人|什么样的人/
export const STATES_WHO = /范围|覆盖|所有在|\d+年内的?人员|户籍/

// "有啥好处 / 能得到什么" asks what one gets: the words that list benefits answer it.
export const ASKS_BENEFIT = /好处|有啥用|有什么用|得到什么|得到啥|福利|待遇/
export const STATES_BENEFIT = /福利|保障|补贴|慰问|普惠/
