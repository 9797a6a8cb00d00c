"""The NER's network in PyTorch, for fine-tuning: the same computation as
``pipeline.encoder.encode`` plus the tag layer of ``pipeline.e5_ner``, with the
same parameter names, so weights go from one to the other as they are
(``tests/test_e5_torch.py`` checks that both give the same numbers).
"""

from __future__ import annotations

import numpy
import torch
import torch.nn.functional as F
from torch import nn

from pipeline.encoder import Config


class Layer(nn.Module):
    def __init__(self, c: Config, dropout: float = 0.0):
        super().__init__()
        self.heads = c.heads
        self.p = dropout  # BERT's places: attention weights, and each sublayer's output
        self.q, self.k, self.v, self.ao = (nn.Linear(c.hidden, c.hidden) for _ in range(4))
        self.aln = nn.LayerNorm(c.hidden, eps=c.eps)
        self.fi = nn.Linear(c.hidden, c.ffn)
        self.fo = nn.Linear(c.ffn, c.hidden)
        self.oln = nn.LayerNorm(c.hidden, eps=c.eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, h = x.shape
        q, k, v = (f(x).view(b, n, self.heads, h // self.heads).transpose(1, 2) for f in (self.q, self.k, self.v))
        p = self.p if self.training else 0.0
        context = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=p)
        x = self.aln(x + F.dropout(self.ao(context.transpose(1, 2).reshape(b, n, h)), p, self.training))
        return self.oln(x + F.dropout(self.fo(F.gelu(self.fi(x), approximate="tanh")), p, self.training))


class Tagger(nn.Module):
    """Encoder (frozen 4-bit word embeddings) + dropout + the tag layer;
    ``layer_dropout``: dropout inside the encoder too, in training only."""

    def __init__(self, c: Config, word_q4: numpy.ndarray, n_tags: int, dropout: float = 0.1,
                 layer_dropout: float = 0.0):
        super().__init__()
        self.config = c
        self.register_buffer("word_q4", torch.from_numpy(numpy.ascontiguousarray(word_q4)), persistent=False)
        self.pos = nn.Embedding(c.max_positions, c.hidden)
        self.token_type = nn.Parameter(torch.zeros(c.hidden))
        self.eln = nn.LayerNorm(c.hidden, eps=c.eps)
        self.layers = nn.ModuleList(Layer(c, layer_dropout) for _ in range(c.layers))
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(c.hidden, n_tags)

    def embed_words(self, ids: torch.Tensor) -> torch.Tensor:
        blocks = self.word_q4[ids]
        scale = blocks[..., :2].contiguous().view(torch.float16).float()
        nibbles = blocks[..., 2:].long()
        values = torch.cat([nibbles & 0x0F, nibbles >> 4], dim=-1).float() - 8.0
        return (values * scale).flatten(-2)

    def forward(self, ids: torch.Tensor, attention: torch.Tensor) -> torch.Tensor:
        x = self.embed_words(ids) + self.pos.weight[:ids.shape[1]] + self.token_type
        x = self.eln(x)
        mask = attention[:, None, None, :]
        for layer in self.layers:
            x = layer(x, mask)
        return self.out(self.dropout(x))

    def load_numpy(self, state: dict[str, numpy.ndarray]) -> Tagger:
        self.load_state_dict({k: torch.from_numpy(numpy.asarray(v, dtype=numpy.float32)) for k, v in state.items()})
        return self

    def numpy_state(self) -> dict[str, numpy.ndarray]:
        return {k: v.detach().numpy().copy() for k, v in self.state_dict().items()}
