import { describe, expect, it } from 'vitest'
import { isOb3Error } from '@ob3/core'
import { chooseQrErrorCorrection, renderShareQrSvg } from '@ob3/wallet'
import { renderShareQr } from '@ob3/wallet/node'

const link = (length: number) => `https://verify.example.org/#ob3s1.i.${'a1B2c3D4e5'.repeat(Math.ceil(length / 10))}`.slice(0, length)

describe('QR codes of share links', () => {
  it('use the most robust error-correction level that fits', () => {
    expect(chooseQrErrorCorrection(link(200))).toBe('H')
    expect(chooseQrErrorCorrection(link(1500))).toBe('Q')
    expect(chooseQrErrorCorrection(link(2000))).toBe('M')
    expect(chooseQrErrorCorrection(link(2800))).toBe('L')
  })

  it('refuse a link too large for any QR code with ERR_OB3_QR_TOO_LARGE', async () => {
    let err: unknown
    try {
      chooseQrErrorCorrection(link(3100))
    } catch (e) {
      err = e
    }
    expect(isOb3Error(err, 'ERR_OB3_QR_TOO_LARGE')).toBe(true)
    await expect(renderShareQr(link(3100))).rejects.toMatchObject({ code: 'ERR_OB3_QR_TOO_LARGE' })
  })

  it('come as SVG (browser-safe), PNG and terminal text', async () => {
    const { svg, errorCorrectionLevel } = await renderShareQrSvg(link(300))
    expect([svg.startsWith('<svg'), errorCorrectionLevel]).toEqual([true, 'H'])
    const qr = await renderShareQr(link(300))
    expect([...qr.png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    expect(qr.svg).toContain('<svg')
    expect(qr.terminal.split('\n').length).toBeGreaterThan(20)
  })
})
