#!/usr/bin/python3
"""Writes the checkpoint fixtures of illusions.checkpoint's tests (and, with --full-resnet50, a
full-size benchmark checkpoint outside the repository).

Needs Debian's python3-torch, python3-torchvision and (optionally) python3-dill:
    apt-get install -y python3-torch python3-torchvision python3-dill
    /usr/bin/python3 lib/src/test/python/make_checkpoint_fixtures.py            # fixtures
    /usr/bin/python3 lib/src/test/python/make_checkpoint_fixtures.py --full-resnet50 /tmp/r50

Fixtures (lib/src/test/resources/checkpoints/):
  two tiny torchvision-layout ResNets with random weights and randomised BN running statistics,
  in eval mode:  'basic'      (BasicBlock, blocks [1,1,1,1], width 3, 10 classes, 48 px)
                 'bottleneck' (Bottleneck, blocks [1,1,1,1], width 3, 10 classes, 32 px)
  each saved in several layouts/formats (see FIXTURES below and fixtures.json), and
  reference/<model>/ with raw little-endian float32 .bin files plus index.json:
    input.bin   fixed inputs in [0,1], stored NHWC [N,H,W,3]
    logits.bin  inner model logits for the raw input (no normalizer) [N,classes]
    layer1.bin  layer1 activation, NHWC [N,h,w,C]
    grad.bin    d/d input of cross-entropy summed over the batch for 'labels', NHWC
    logits_normalized.bin / grad_normalized.bin: the same through the robustness normalizer
                (x - mean) / std with the model's 'normalizer' mean/std
    tensor.<name>.bin  a few raw parameters in PyTorch layout (row-major, their PyTorch shape)
"""
import argparse
import collections
import copy
import json
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torchvision
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

try:
    import dill
except ImportError:  # python3-dill not installed: that fixture falls back to pickle
    dill = None

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, '..', 'resources', 'checkpoints'))

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


# --- the robustness library's wrapper modules (robustness/attacker.py, helpers.py), reduced to
# what shapes their state_dict: AttackerModel(normalizer, model, attacker(model, normalize)).
class InputNormalize(nn.Module):
    def __init__(self, new_mean, new_std):
        super().__init__()
        self.register_buffer('new_mean', torch.tensor(new_mean)[..., None, None])
        self.register_buffer('new_std', torch.tensor(new_std)[..., None, None])

    def forward(self, x):
        x = torch.clamp(x, 0, 1)
        return (x - self.new_mean) / self.new_std


class Attacker(nn.Module):
    def __init__(self, model, mean, std):
        super().__init__()
        self.normalize = InputNormalize(mean, std)
        self.model = model


class AttackerModel(nn.Module):
    def __init__(self, model, mean, std):
        super().__init__()
        self.normalizer = InputNormalize(mean, std)
        self.model = model
        self.attacker = Attacker(model, mean, std)


def randomise(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, m in model.named_modules():
            if isinstance(m, nn.BatchNorm2d):
                n = m.num_features
                m.weight.copy_(1.0 + 0.2 * torch.randn(n, generator=g))
                m.bias.copy_(0.1 * torch.randn(n, generator=g))
                m.running_mean.copy_(0.2 * torch.randn(n, generator=g))
                m.running_var.copy_(0.5 + torch.rand(n, generator=g))
                m.num_batches_tracked.fill_(1234)
    return model.eval()


def tiny(kind, seed):
    torch.manual_seed(seed)
    block = BasicBlock if kind == 'basic' else Bottleneck
    # torchvision fixes the stem at 64 channels; build every layer at width 3 instead
    return randomise(narrow(block, 3), seed + 1)


def narrow(block, width):
    """A torchvision ResNet whose stem and stages are width, 2w, 4w, 8w (not 64...)."""
    class Narrow(ResNet):
        def __init__(self):
            nn.Module.__init__(self)
            self._norm_layer = nn.BatchNorm2d
            self.inplanes = width
            self.dilation = 1
            self.groups = 1
            self.base_width = 64
            self.conv1 = nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
            self.bn1 = nn.BatchNorm2d(width)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
            self.layer1 = self._make_layer(block, width, 1)
            self.layer2 = self._make_layer(block, 2 * width, 1, stride=2)
            self.layer3 = self._make_layer(block, 4 * width, 1, stride=2)
            self.layer4 = self._make_layer(block, 8 * width, 1, stride=2)
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(8 * width * block.expansion, 10)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
    return Narrow()


def write_bin(path, t):
    t = t.detach().to(torch.float32).contiguous()
    with open(path, 'wb') as f:
        f.write(t.numpy().astype('<f4').tobytes())
    return list(t.shape)


def nhwc(t):
    return t.permute(0, 2, 3, 1).contiguous()


def references(model, kind, size, seed, mean, std, outdir):
    os.makedirs(outdir, exist_ok=True)
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(2, 3, size, size, generator=g)
    labels = [3, 7]
    y = torch.tensor(labels)
    acts = {}
    h = model.layer1.register_forward_hook(lambda m, i, o: acts.__setitem__('layer1', o.detach()))
    xr = x.clone().requires_grad_(True)
    logits = model(xr)
    nn.functional.cross_entropy(logits, y, reduction='sum').backward()
    h.remove()
    mean_t = torch.tensor(mean)[None, :, None, None]
    std_t = torch.tensor(std)[None, :, None, None]
    xn = x.clone().requires_grad_(True)
    logits_n = model((xn - mean_t) / std_t)
    nn.functional.cross_entropy(logits_n, y, reduction='sum').backward()
    index = {
        'model': kind,
        'layout_note': 'input, layer1, grad, grad_normalized are NHWC; logits [N,classes]; '
                       'tensor.* in PyTorch layout; all raw little-endian float32',
        'labels': labels,
        'normalizer': {'mean': mean, 'std': std},
        'arrays': {
            'input': write_bin(os.path.join(outdir, 'input.bin'), nhwc(x)),
            'logits': write_bin(os.path.join(outdir, 'logits.bin'), logits),
            'layer1': write_bin(os.path.join(outdir, 'layer1.bin'), nhwc(acts['layer1'])),
            'grad': write_bin(os.path.join(outdir, 'grad.bin'), nhwc(xr.grad)),
            'logits_normalized': write_bin(os.path.join(outdir, 'logits_normalized.bin'), logits_n),
            'grad_normalized': write_bin(os.path.join(outdir, 'grad_normalized.bin'), nhwc(xn.grad)),
        },
        'tensors': {},
    }
    sd = model.state_dict()
    for name in ['conv1.weight', 'bn1.running_var', 'layer1.0.bn1.running_mean', 'layer2.0.downsample.0.weight',
                 'fc.weight', 'fc.bias']:
        index['tensors'][name] = write_bin(os.path.join(outdir, 'tensor.' + name + '.bin'), sd[name])
    with open(os.path.join(outdir, 'index.json'), 'w') as f:
        json.dump(index, f, indent=1)


def robustness_checkpoint(model, mean, std, epoch=42, with_args=True):
    """The dict robustness.train saves: model (DataParallel state_dict), optimizer, schedule, epoch."""
    wrapped = nn.DataParallel(AttackerModel(model, mean, std))
    opt = torch.optim.SGD(wrapped.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=50, gamma=0.1)
    ckpt = {
        'model': wrapped.state_dict(),
        'optimizer': opt.state_dict(),
        'schedule': sched.state_dict(),
        'epoch': epoch,
    }
    if with_args:  # an arbitrary non-tensor object: must be read as an opaque value
        ckpt['args'] = argparse.Namespace(arch='resnet50', eps=3.0, constraint='2', adv_train=1)
    return ckpt


class Malicious:
    """Unpickling this in Python runs `command` through `func` (os.system or builtins.eval): the
    reader must ignore it. The command only creates a marker file that the Java tests look for."""

    def __init__(self, func, command):
        self.func, self.command = func, command

    def __reduce__(self):
        return (self.func, (self.command,))


MARKER = 'illusions-checkpoint-fixture-was-executed'


def save(obj, name, legacy, pickle_module=None):
    path = os.path.join(OUT, name)
    kw = {'_use_new_zipfile_serialization': not legacy}
    if pickle_module is not None:
        kw['pickle_module'] = pickle_module
    torch.save(obj, path, **kw)
    return path


def write_safetensors(path, sd, metadata=None):
    header = {}
    blobs = []
    off = 0
    for k, v in sd.items():
        if v.dtype != torch.float32:
            continue
        b = v.detach().contiguous().numpy().astype('<f4').tobytes()
        header[k] = {'dtype': 'F32', 'shape': list(v.shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    if metadata:
        header['__metadata__'] = metadata
    h = json.dumps(header, separators=(',', ':')).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def strided_state_dict(sd):
    """fc.weight as a transposed view into a larger storage with an offset: exercises strides."""
    out = collections.OrderedDict(sd)
    w = sd['fc.weight']  # [classes, features]
    big = torch.zeros(w.shape[1] + 1, w.shape[0])
    big[1:, :] = w.t()
    view = big[1:, :].t()  # storage offset = classes, strides (1, classes)
    assert not view.is_contiguous() and view.storage_offset() > 0 and torch.equal(view, w)
    out['fc.weight'] = view
    # and a conv weight sliced out of a bigger tensor (offset, contiguous)
    c = sd['conv1.weight']
    big2 = torch.cat([torch.zeros(1, *c.shape[1:]), c], 0)
    out['conv1.weight'] = big2[1:]
    return out


def fixtures():
    os.makedirs(OUT, exist_ok=True)
    models = {'basic': (tiny('basic', 10), 48), 'bottleneck': (tiny('bottleneck', 20), 32)}
    listing = []

    def add(name, model, fmt, layout, **extra):
        listing.append(dict(file=name, model=model, format=fmt, layout=layout, **extra))

    for kind, (m, size) in models.items():
        references(m, kind, size, 100 + size, IMAGENET_MEAN, IMAGENET_STD, os.path.join(OUT, 'reference', kind))

    b, _ = models['basic']
    k, _ = models['bottleneck']
    # robustness library: legacy + dill (as the 2019 files), zip + pickle, and legacy + pickle
    ckpt = robustness_checkpoint(k, IMAGENET_MEAN, IMAGENET_STD)
    if dill is not None:  # what only dill can pickle: a lambda and a local class, stored by value
        class LocalSchedule:
            def __init__(self):
                self.milestones = [30, 60]
        ckpt['args'].custom_lr = lambda epoch: 0.1 ** (epoch // 30)
        ckpt['args'].schedule_obj = LocalSchedule()
    save(ckpt, 'robustness_legacy_dill_bottleneck.pt', legacy=True, pickle_module=dill)
    add('robustness_legacy_dill_bottleneck.pt', 'bottleneck', 'torch-legacy', 'robustness',
        dill=dill is not None)
    save(robustness_checkpoint(k, IMAGENET_MEAN, IMAGENET_STD, with_args=False), 'robustness_zip_bottleneck.pt',
         legacy=False, pickle_module=dill)
    add('robustness_zip_bottleneck.pt', 'bottleneck', 'torch-zip', 'robustness', dill=dill is not None)
    save(robustness_checkpoint(b, IMAGENET_MEAN, IMAGENET_STD), 'robustness_zip_basic.pt', legacy=False)
    add('robustness_zip_basic.pt', 'basic', 'torch-zip', 'robustness')
    save(robustness_checkpoint(b, IMAGENET_MEAN, IMAGENET_STD, with_args=False), 'robustness_legacy_basic.pt',
         legacy=True)
    add('robustness_legacy_basic.pt', 'basic', 'torch-legacy', 'robustness')
    # plain torchvision state_dicts
    save(b.state_dict(), 'torchvision_zip_basic.pt', legacy=False)
    add('torchvision_zip_basic.pt', 'basic', 'torch-zip', 'state_dict')
    save(k.state_dict(), 'torchvision_legacy_bottleneck.pt', legacy=True)
    add('torchvision_legacy_bottleneck.pt', 'bottleneck', 'torch-legacy', 'state_dict')
    # timm-style (same key names as torchvision), wrapped as timm's train script saves them
    save({'epoch': 7, 'arch': 'resnet50', 'state_dict': k.state_dict(), 'version': 2},
         'timm_wrapped_state_dict_bottleneck.pt', legacy=False)
    add('timm_wrapped_state_dict_bottleneck.pt', 'bottleneck', 'torch-zip', 'wrapped:state_dict')
    save({'model': b.state_dict()}, 'timm_wrapped_model_basic.pt', legacy=True)
    add('timm_wrapped_model_basic.pt', 'basic', 'torch-legacy', 'wrapped:model')
    # other storage dtypes: float64 (zip) and float16 (legacy; reference tolerance is looser)
    save(collections.OrderedDict((n, t.double() if t.is_floating_point() else t) for n, t in b.state_dict().items()),
         'torchvision_zip_float64_basic.pt', legacy=False)
    add('torchvision_zip_float64_basic.pt', 'basic', 'torch-zip', 'state_dict', dtype='float64')
    # float16 weights make another model: its reference is that of the half-rounded weights in float32
    k16 = copy.deepcopy(k)
    with torch.no_grad():
        for t in k16.state_dict().values():
            if t.is_floating_point():
                t.copy_(t.half().float())
    references(k16, 'bottleneck_f16', 32, 132, IMAGENET_MEAN, IMAGENET_STD,
               os.path.join(OUT, 'reference', 'bottleneck_f16'))
    save(collections.OrderedDict((n, t.half() if t.is_floating_point() else t) for n, t in k.state_dict().items()),
         'torchvision_legacy_float16_bottleneck.pt', legacy=True)
    add('torchvision_legacy_float16_bottleneck.pt', 'bottleneck_f16', 'torch-legacy', 'state_dict', dtype='float16')
    # non-contiguous views and storage offsets, both formats
    save(strided_state_dict(k.state_dict()), 'torchvision_zip_strided_bottleneck.pt', legacy=False)
    add('torchvision_zip_strided_bottleneck.pt', 'bottleneck', 'torch-zip', 'state_dict', strided=True)
    save(strided_state_dict(b.state_dict()), 'torchvision_legacy_strided_basic.pt', legacy=True)
    add('torchvision_legacy_strided_basic.pt', 'basic', 'torch-legacy', 'state_dict', strided=True)
    # safetensors (hand-written: there is no safetensors package here)
    write_safetensors(os.path.join(OUT, 'bottleneck.safetensors'), k.state_dict(), {'format': 'pt'})
    add('bottleneck.safetensors', 'bottleneck', 'safetensors', 'state_dict')
    rob = nn.DataParallel(AttackerModel(b, IMAGENET_MEAN, IMAGENET_STD)).state_dict()
    write_safetensors(os.path.join(OUT, 'robustness_basic.safetensors'), rob)
    add('robustness_basic.safetensors', 'basic', 'safetensors', 'robustness')

    # malicious: a valid checkpoint plus an object whose unpickling would run a command in Python
    ckpt = robustness_checkpoint(b, IMAGENET_MEAN, IMAGENET_STD, with_args=False)
    ckpt['args'] = Malicious(os.system, 'touch /tmp/' + MARKER)
    save(ckpt, 'malicious_os_system_zip_basic.pt', legacy=False)
    add('malicious_os_system_zip_basic.pt', 'basic', 'torch-zip', 'robustness', malicious='posix.system')
    sd = k.state_dict()
    sd['extra'] = Malicious(eval, "open('/tmp/%s', 'w').close()" % MARKER)
    save({'state_dict': sd}, 'malicious_eval_legacy_bottleneck.pt', legacy=True)
    add('malicious_eval_legacy_bottleneck.pt', 'bottleneck', 'torch-legacy', 'wrapped:state_dict',
        malicious='builtins.eval')

    with open(os.path.join(OUT, 'fixtures.json'), 'w') as f:
        json.dump({'generator': 'lib/src/test/python/make_checkpoint_fixtures.py',
                   'torch': torch.__version__, 'torchvision': torchvision.__version__,
                   'dill': getattr(dill, '__version__', None), 'fixtures': listing}, f, indent=1)
    total = 0
    for root, _, files in os.walk(OUT):
        total += sum(os.path.getsize(os.path.join(root, n)) for n in files)
    print('wrote %d fixtures, %.2f MB in total, to %s' % (len(listing), total / 1e6, OUT))
    if total > 2_000_000:
        sys.exit('fixtures exceed 2 MB')


def full_resnet50(outdir):
    """A full-size random-weight torchvision ResNet50 in the robustness format, legacy and zip."""
    os.makedirs(outdir, exist_ok=True)
    torch.manual_seed(0)
    m = randomise(torchvision.models.resnet50(), 1)
    references(m, 'resnet50', 224, 5, IMAGENET_MEAN, IMAGENET_STD, os.path.join(outdir, 'reference', 'resnet50'))
    for legacy, name in [(True, 'resnet50_robustness_legacy.pt'), (False, 'resnet50_robustness_zip.pt')]:
        t = time.time()
        ckpt = robustness_checkpoint(m, IMAGENET_MEAN, IMAGENET_STD)
        ckpt['optimizer'] = {'state': {}, 'param_groups': ckpt['optimizer']['param_groups']}
        torch.save(ckpt, os.path.join(outdir, name), pickle_module=dill or __import__('pickle'),
                   _use_new_zipfile_serialization=not legacy)
        print('%s: %.1f MB (%.1f s)' % (name, os.path.getsize(os.path.join(outdir, name)) / 1e6, time.time() - t))


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--full-resnet50', metavar='DIR', help='write the benchmark ResNet50 checkpoints to DIR')
    a = p.parse_args()
    torch.set_num_threads(1)
    if a.full_resnet50:
        full_resnet50(a.full_resnet50)
    else:
        fixtures()
