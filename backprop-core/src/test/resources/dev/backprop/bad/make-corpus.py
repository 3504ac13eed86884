#!/usr/bin/env python3
"""Writes the bad-input corpus next to this script (see README.md for each file's expected message).

Run from anywhere: python3 make-corpus.py. Only the Python standard library is needed.
"""
import gzip
import json
import os
import struct

here = os.path.dirname(os.path.abspath(__file__))


def put(name, data):
    with open(os.path.join(here, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))


# ---------------------------------------------------------------- CSV
put('empty.csv', '')
put('blank-lines.csv', '\n  \n\n')
put('header-only.csv', 'a,b,species\n')
put('ragged-short.csv', 'a,b,species\n1,2,cat\n3,4\n')
put('ragged-long.csv', '1,2,cat\n3,4,5,dog\n')
put('non-numeric.csv', 'a,b,species\n1,2,cat\n3,four,dog\n')
put('nan.csv', 'a,b,species\n1,NaN,cat\n')
put('infinity.csv', 'a,b,species\n1,2,cat\n-Infinity,4,dog\n')
put('out-of-float-range.csv', 'a,b,species\n1e39,2,cat\n')
put('empty-cell.csv', 'a,b,species\n1,,cat\n')
put('missing-label.csv', 'a,b,species\n1,2,cat\n3,4,\n')
put('one-class.csv', 'a,b,species\n1,2,cat\n3,4,cat\n')
put('unclosed-quote.csv', 'a,b,species\n"1,2,cat\n')
put('text-after-quote.csv', 'a,b,species\n"1"x,2,cat\n')
put('label-not-in-header.csv', 'a,b,c\n1,2,cat\n')
put('label-by-name-no-header.csv', '1,2,3\n4,5,6\n')
put('label-index-out-of-range.csv', '1,2,cat\n')
put('regression-target-text.csv', 'x,t\n1,high\n')
put('control-chars.csv', 'a,b\x1b[31m,c\x00\n1,2,cat\n')
rows = b''.join(b'%d,%d,%s\n' % (i, (i * 7919) % 1000, b'cat' if i % 3 else b'dog') for i in range(2000))
whole = gzip.compress(b'a,b,species\n' + rows, mtime=0)
put('damaged.csv.gz', whole[:len(whole) // 2])
put('latin1-labels.csv', 'a,b,species\n1,2,caf\u00e9\n3,4,caf\u00e8\n'.encode('latin-1'))
put('wrong-width.csv', 'a,b,c,species\n1,2,3,cat\n')
put('wrong-feature-order.csv', 'b,a,species\n1,2,cat\n')
put('unseen-class.csv', 'a,b,species\n1,2,cat\n3,4,bird\n')


# ---------------------------------------------------------------- IDX (big-endian)
def idx(type_code, dims, data=b''):
    return struct.pack('>I', (type_code << 8) | len(dims)) + b''.join(struct.pack('>I', d) for d in dims) + data


put('empty.idx', b'')
put('short-magic.idx', b'\x00\x00')
put('wrong-magic.idx', b'\x01\x02\x08\x01\x00\x00\x00\x01\x05')
put('unknown-type.idx', idx(0x07, [1], b'\x01'))
put('zero-rank.idx', idx(0x08, []))
put('truncated-dims.idx', b'\x00\x00\x08\x03\x00\x00\x00\x01')
put('truncated-data.idx', idx(0x08, [2, 3], b'\x01\x02\x03'))
put('truncated-data.idx.gz', gzip.compress(idx(0x08, [2, 3], b'\x01\x02\x03'), mtime=0))
put('over-long.idx', idx(0x08, [2], b'\x01\x02\x03'))
put('dims-product-overflow.idx', idx(0x08, [65536, 65536, 4]))
put('dim-over-2-31.idx', idx(0x08, [0xFFFFFFFF]))
put('huge-declared.idx', idx(0x0D, [500_000_000], b'\x00' * 8))
put('huge-declared.idx.gz', gzip.compress(idx(0x0D, [500_000_000], b'\x00' * 8), mtime=0))
good_gz = bytearray(gzip.compress(idx(0x08, [2, 3], bytes(range(6))), mtime=0))
bad = bytearray(good_gz)
bad[10] ^= 0x55  # the first byte of the deflate data
put('damaged-gzip-data.idx.gz', bytes(bad))
bad = bytearray(good_gz)
bad[-8] ^= 0x01  # the CRC-32 in the trailer
put('damaged-gzip-trailer.idx.gz', bytes(bad))
bad = bytearray(gzip.compress(b'a,b,species\n1,2,cat\n3,4,dog\n', mtime=0))
bad[-8] ^= 0x01
put('damaged-trailer.csv.gz', bytes(bad))
put('nan-float.idx', idx(0x0D, [3], struct.pack('>fff', 1.0, float('nan'), 2.0)))
put('double-beyond-float32.idx', idx(0x0E, [2], struct.pack('>dd', 1.0, 1e300)))
put('gzip-header-damaged.idx', b'\x1f\x8b\x00\x00')
# for Idx.classification: images 3 × 2, labels
put('images-3x2.idx', idx(0x08, [3, 2], bytes(range(6))))
put('labels-out-of-range.idx', idx(0x08, [3], bytes([0, 1, 7])))
put('labels-rank-2.idx', idx(0x08, [3, 1], bytes([0, 1, 2])))
put('labels-2.idx', idx(0x08, [2], bytes([0, 1])))
put('labels-fraction.idx', idx(0x0D, [3], struct.pack('>fff', 0, 1, 0.5)))
put('images-no-items.idx', idx(0x08, [0, 2]))
put('labels-0.idx', idx(0x08, [0]))


# ---------------------------------------------------------------- safetensors model files
def quote(s):
    return json.dumps(s, ensure_ascii=False, separators=(',', ':'))


def model(sizes=(2, 2, 1), acts=('sigmoid', 'sigmoid'), loss='squared_error', scaler='none', classes='[]',
          seed='1', meta_extra=None, tensors_edit=None, values=None, header_length=None, data_extra=b'',
          data_cut=0):
    """A model file as ModelFile.save writes it, then edited."""
    meta = {'format_version': '1', 'architecture': ','.join(map(str, sizes)), 'activations': ','.join(acts),
            'loss': loss, 'scaler': scaler, 'class_names': classes, 'seed': seed}
    meta.update(meta_extra or {})
    tensors = {}
    at = 0
    for i in range(len(sizes) - 1):
        w = 4 * sizes[i + 1] * sizes[i]
        tensors['layers.%d.W' % i] = [[sizes[i + 1], sizes[i]], at, at + w]
        at += w
        b = 4 * sizes[i + 1]
        tensors['layers.%d.b' % i] = [[sizes[i + 1]], at, at + b]
        at += b
    if scaler != 'none':
        s = 4 * sizes[0]
        tensors['scaler.offset'] = [[sizes[0]], at, at + s]
        at += s
        tensors['scaler.scale'] = [[sizes[0]], at, at + s]
        at += s
    n = at // 4
    if tensors_edit:
        tensors_edit(tensors)
    h = '{"__metadata__":{' + ','.join(quote(k) + ':' + quote(meta[k]) for k in sorted(meta) if meta[k] is not None) + '}'
    for name in sorted(tensors):
        shape, b, e = tensors[name]
        h += ',' + quote(name) + ':{"data_offsets":[%d,%d],"dtype":"F32","shape":[%s]}' % (
            b, e, ','.join(map(str, shape)))
    h += '}'
    hb = h.encode('utf-8')
    hb += b' ' * ((-len(hb)) % 8)
    if values is None:
        values = [0.25 * (k + 1) for k in range(n)]
    data = b''.join(struct.pack('<f', v) for v in values) + data_extra
    if data_cut:
        data = data[:-data_cut]
    return struct.pack('<Q', len(hb) if header_length is None else header_length) + hb + data


put('valid-2-2-1.safetensors', model())
put('empty.safetensors', b'')
put('short-length.safetensors', b'\x10\x00\x00\x00\x00')
put('header-length-past-end.safetensors', model(header_length=10_000))
put('huge-header-length.safetensors', model(header_length=1 << 62))
put('invalid-json.safetensors', struct.pack('<Q', 16) + b'{"__metadata__":')
put('not-an-object.safetensors', struct.pack('<Q', 8) + b'[1,2]   ')
put('no-metadata.safetensors', struct.pack('<Q', 8) + b'{}      ')
put('unknown-format-version.safetensors', model(meta_extra={'format_version': '2'}))
put('format-version-newline.safetensors', model(meta_extra={'format_version': '1\n'}))
put('unknown-activation.safetensors', model(acts=('sigmoid', 'swish')))
put('loss-does-not-fit.safetensors', model(loss='softmax_cross_entropy'))


def edit(name, shape=None, begin=None, end=None):
    def f(t):
        if shape is not None:
            t[name][0] = shape
        if begin is not None:
            t[name][1] = begin
        if end is not None:
            t[name][2] = end
    return f


put('shape-disagrees.safetensors', model(tensors_edit=edit('layers.0.W', shape=[2, 3])))
put('architecture-disagrees.safetensors', model(meta_extra={'architecture': '2,3,1'}))
put('overlapping-offsets.safetensors', model(tensors_edit=edit('layers.0.b', begin=12, end=20)))
put('misaligned-offsets.safetensors', model(tensors_edit=edit('layers.1.b', begin=33, end=37), data_extra=b'\x00'))
put('gap-between-tensors.safetensors', model(tensors_edit=edit('layers.1.b', begin=36, end=40), data_extra=b'\x00' * 4))
put('offsets-past-end.safetensors', model(tensors_edit=edit('layers.1.b', end=1 << 60)))
put('truncated-data.safetensors', model(data_cut=4))
put('trailing-bytes.safetensors', model(data_extra=b'\x00' * 4))
put('nan-weight.safetensors', model(values=[0.25, float('nan')] + [0.5] * 7))
put('missing-tensor.safetensors', model(tensors_edit=lambda t: t.pop('layers.1.b'), data_cut=4))
put('huge-architecture.safetensors', model(meta_extra={'architecture': '40000,50000,1'}))
put('duplicate-class-names.safetensors', model(sizes=(2, 2), acts=('softmax',), loss='softmax_cross_entropy',
                                               classes='["cat","cat"]'))
put('class-names-count.safetensors', model(sizes=(2, 3), acts=('softmax',), loss='softmax_cross_entropy',
                                           classes='["cat","dog"]'))
put('zero-scale.safetensors', model(scaler='minmax', values=[0.25] * 9 + [0.0, 0.0] + [1.0, 0.0]))
put('many-metadata-keys.safetensors', model(meta_extra={'x%04d' % k: '' for k in range(1100)}))
