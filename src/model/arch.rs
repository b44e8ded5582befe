//! [`Arch`]: which network of the paper (or which CPU-sized scaling of it),
//! and the stage widths that define it (ARCHITECTURES.md section 3).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A network architecture: the paper's four constructors plus a width-scaled
/// family-A preset for CPU demos and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Arch {
    /// Family A, 1 SNT (`xception_taskonomy_small`): settings 1 and 3.
    #[serde(rename = "xception17")]
    Xception17,
    /// Family A, 0.5 SNT (`xception_taskonomy_small_half`).
    #[serde(rename = "xception17-half")]
    Xception17Half,
    /// Family B, 1 SNT (`xception_taskonomy_new`): setting 2 (probably 4).
    #[serde(rename = "xception")]
    Xception,
    /// Family B, 0.5 SNT (`xception_taskonomy_new_half`).
    #[serde(rename = "xception-half")]
    XceptionHalf,
    /// Family A with every width of [`Arch::Xception17`] divided by
    /// [`TINY_DIVISOR`] (encoder, representation and decoder widths alike).
    #[serde(rename = "tiny")]
    Tiny,
    /// Family A with every width of [`Arch::Xception17Half`] divided by
    /// [`TINY_DIVISOR`]: the half-size partner of [`Arch::Tiny`].
    #[serde(rename = "tiny-half")]
    TinyHalf,
}

/// The width divisor of the `tiny` presets: every channel count of
/// Xception17 (and Xception17-half) divided by 4, so parameters shrink about
/// 16-fold and MACs per pixel about 16-fold as well.
pub const TINY_DIVISOR: i64 = 4;

/// The two network families of the paper's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Family {
    /// `xception_taskonomy_small*`: 4 two-conv middle blocks, separable
    /// decoders with a side branch, no gradient scaling.
    A,
    /// `xception_taskonomy_new*`: 8 three-conv middle blocks, a shared
    /// pre-decoder conv, plain-conv decoders, gradient scaling by 1/sqrt(T).
    B,
}

/// Decoder widths of one family (section 4, segments `A_dec` and `B_dec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DecoderWidths {
    /// Family A: side branch width, then the three stage widths
    /// (96 / 64 / 32 in the paper's networks; side 16).
    A {
        /// Side-branch channels (16).
        side: i64,
        /// `conv_decode_res2` and `upconv1` output (96).
        c1: i64,
        /// `conv_decode1`, `upconv2`, `conv_decode2` output (64).
        c2: i64,
        /// `upconv3`, `conv_decode3`, `upconv4` output (32).
        c3: i64,
    },
    /// Family B: D1..D4 (128 / 64 / 48 / 32, `small_decoder=True`).
    B {
        /// `upconv1`, `conv_decode1` output.
        d1: i64,
        /// `upconv2`, `conv_decode2` output.
        d2: i64,
        /// `upconv3`, `conv_decode3` output.
        d3: i64,
        /// `upconv4` output.
        d4: i64,
    },
}

/// Every width of an architecture (ARCHITECTURES.md section 3, table "Widths").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Widths {
    /// Stem conv1 output.
    pub w0: i64,
    /// Stem conv2 output.
    pub w1: i64,
    /// Block1 output.
    pub w2: i64,
    /// Block2 output.
    pub w3: i64,
    /// Block3 output = middle-flow width.
    pub w4: i64,
    /// Channels of the representation fed to the decoders.
    pub r: i64,
    /// Decoder widths.
    pub decoder: DecoderWidths,
}

impl Widths {
    /// The widths as one list, in the order the PyTorch peer
    /// (`benches/pytorch_net.py`) takes them: W0-W4, R, then the decoder's
    /// (family A: side, c1, c2, c3; family B: D1-D4).
    pub fn to_vec(&self) -> Vec<i64> {
        let decoder = match self.decoder {
            DecoderWidths::A { side, c1, c2, c3 } => [side, c1, c2, c3],
            DecoderWidths::B { d1, d2, d3, d4 } => [d1, d2, d3, d4],
        };
        [self.w0, self.w1, self.w2, self.w3, self.w4, self.r]
            .into_iter()
            .chain(decoder)
            .collect()
    }

    /// Every width divided by `divisor` (exact; the presets only use divisors
    /// that divide every width).
    fn divided(self, divisor: i64) -> Widths {
        let d = |w: i64| {
            debug_assert_eq!(w % divisor, 0, "width {w} not divisible by {divisor}");
            w / divisor
        };
        let decoder = match self.decoder {
            DecoderWidths::A { side, c1, c2, c3 } => DecoderWidths::A {
                side: d(side),
                c1: d(c1),
                c2: d(c2),
                c3: d(c3),
            },
            DecoderWidths::B { d1, d2, d3, d4 } => DecoderWidths::B {
                d1: d(d1),
                d2: d(d2),
                d3: d(d3),
                d4: d(d4),
            },
        };
        Widths {
            w0: d(self.w0),
            w1: d(self.w1),
            w2: d(self.w2),
            w3: d(self.w3),
            w4: d(self.w4),
            r: d(self.r),
            decoder,
        }
    }
}

const DECODER_A: DecoderWidths = DecoderWidths::A {
    side: 16,
    c1: 96,
    c2: 64,
    c3: 32,
};
const DECODER_B: DecoderWidths = DecoderWidths::B {
    d1: 128,
    d2: 64,
    d3: 48,
    d4: 32,
};

impl Arch {
    /// Every architecture.
    pub const ALL: [Arch; 6] = [
        Arch::Xception17,
        Arch::Xception17Half,
        Arch::Xception,
        Arch::XceptionHalf,
        Arch::Tiny,
        Arch::TinyHalf,
    ];

    /// The name used on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            Arch::Xception17 => "xception17",
            Arch::Xception17Half => "xception17-half",
            Arch::Xception => "xception",
            Arch::XceptionHalf => "xception-half",
            Arch::Tiny => "tiny",
            Arch::TinyHalf => "tiny-half",
        }
    }

    /// The constructor name in the paper's code (`None` for the tiny presets).
    pub fn official_name(self) -> Option<&'static str> {
        match self {
            Arch::Xception17 => Some("xception_taskonomy_small"),
            Arch::Xception17Half => Some("xception_taskonomy_small_half"),
            Arch::Xception => Some("xception_taskonomy_new"),
            Arch::XceptionHalf => Some("xception_taskonomy_new_half"),
            Arch::Tiny | Arch::TinyHalf => None,
        }
    }

    /// The family whose layer tables the network follows.
    pub fn family(self) -> Family {
        match self {
            Arch::Xception | Arch::XceptionHalf => Family::B,
            _ => Family::A,
        }
    }

    /// The half-size (0.5 SNT) partner of this architecture; a half-size
    /// architecture is its own partner.
    pub fn half(self) -> Arch {
        match self {
            Arch::Xception17 | Arch::Xception17Half => Arch::Xception17Half,
            Arch::Xception | Arch::XceptionHalf => Arch::XceptionHalf,
            Arch::Tiny | Arch::TinyHalf => Arch::TinyHalf,
        }
    }

    /// The full-size (1 SNT) partner of this architecture.
    pub fn full(self) -> Arch {
        match self {
            Arch::Xception17 | Arch::Xception17Half => Arch::Xception17,
            Arch::Xception | Arch::XceptionHalf => Arch::Xception,
            Arch::Tiny | Arch::TinyHalf => Arch::Tiny,
        }
    }

    /// Whether this is a half-size (0.5 SNT) architecture.
    pub fn is_half(self) -> bool {
        self.half() == self
    }

    /// The architecture's widths.
    pub fn widths(self) -> Widths {
        match self {
            Arch::Xception17 => Widths {
                w0: 24,
                w1: 48,
                w2: 96,
                w3: 192,
                w4: 512,
                r: 256,
                decoder: DECODER_A,
            },
            Arch::Xception17Half => Widths {
                w0: 24,
                w1: 48,
                w2: 64,
                w3: 128,
                w4: 360,
                r: 256,
                decoder: DECODER_A,
            },
            Arch::Xception => Widths {
                w0: 32,
                w1: 64,
                w2: 128,
                w3: 256,
                w4: 728,
                r: 512,
                decoder: DECODER_B,
            },
            Arch::XceptionHalf => Widths {
                w0: 24,
                w1: 48,
                w2: 96,
                w3: 192,
                w4: 512,
                r: 512,
                decoder: DECODER_B,
            },
            Arch::Tiny => Arch::Xception17.widths().divided(TINY_DIVISOR),
            Arch::TinyHalf => Arch::Xception17Half.widths().divided(TINY_DIVISOR),
        }
    }
}

/// An architecture name that is not one of [`Arch::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown architecture {0:?} (known: xception17, xception17-half, xception, xception-half, tiny, tiny-half)")]
pub struct UnknownArch(pub String);

impl FromStr for Arch {
    type Err = UnknownArch;

    /// Parses [`Arch::name`] or the official constructor name.
    fn from_str(s: &str) -> Result<Arch, UnknownArch> {
        Arch::ALL
            .into_iter()
            .find(|a| a.name() == s || a.official_name() == Some(s))
            .ok_or_else(|| UnknownArch(s.to_string()))
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_pairs() {
        for a in Arch::ALL {
            assert_eq!(a.name().parse::<Arch>().unwrap(), a);
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                format!("\"{}\"", a.name())
            );
            assert!(a.half().is_half());
            assert_eq!(a.half().full(), a.full());
        }
        assert_eq!(
            "xception_taskonomy_small".parse::<Arch>().unwrap(),
            Arch::Xception17
        );
        assert!("resnet".parse::<Arch>().is_err());
    }

    #[test]
    fn tiny_is_a_quarter_of_xception17() {
        // ARCHITECTURES.md section 3: Xception17 widths 24/48/96/192/512, R 256.
        let t = Arch::Tiny.widths();
        assert_eq!(
            (t.w0, t.w1, t.w2, t.w3, t.w4, t.r),
            (6, 12, 24, 48, 128, 64)
        );
        assert_eq!(
            t.decoder,
            DecoderWidths::A {
                side: 4,
                c1: 24,
                c2: 16,
                c3: 8
            }
        );
        let h = Arch::TinyHalf.widths();
        assert_eq!((h.w2, h.w3, h.w4), (16, 32, 90));
    }
}
