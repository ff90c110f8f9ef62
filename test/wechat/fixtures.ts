// Test data shaped like what real puppets deliver.

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** A merged chat-history (合并转发) message: recordinfo entity-escaped inside recorditem, or in CDATA. */
export function chatHistoryXml(items: { name: string; text: string; dataType: number }[], { cdata = false } = {}): string {
  const dataItems = items
    .map(
      (item, i) =>
        `<dataitem datatype="${item.dataType}" dataid="d${i}"><sourcename>${escapeXml(item.name)}</sourcename>` +
        `<sourcetime>2026-11-28 09:0${i % 10}</sourcetime><datadesc>${escapeXml(item.text)}</datadesc></dataitem>`,
    )
    .join('')
  const recordInfo = `<recordinfo><title>群聊的聊天记录</title><datalist count="${items.length}">${dataItems}</datalist></recordinfo>`
  const des = items.slice(0, 3).map((i) => `${escapeXml(i.name)}: ${escapeXml(i.text)}`).join('&#x0A;')
  const recordItem = cdata ? `<![CDATA[${recordInfo}]]>` : escapeXml(recordInfo)
  return `<msg><appmsg appid="" sdkver="0"><title>群聊的聊天记录</title><des>${des}</des><type>19</type><url>https://support.weixin.qq.com/cgi-bin/mmsupport-bin/readtemplate?t=page/favorite_record__w_unsupport</url><recorditem>${recordItem}</recorditem></appmsg></msg>`
}
