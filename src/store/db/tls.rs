//! TLS to a dataset server, as libpq's `sslmode` reads: `prefer` (the default) encrypts when
//! the server offers it, `require` insists, neither checks the certificate (libpq's own
//! meaning of them); `verify-ca` and `verify-full` check it against the `sslrootcert` file.
//! rustls with ring: no system library is needed to build.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, ring, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// What the address asks of TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsWish {
    /// Check the server's certificate against `root`.
    pub verify: bool,
    /// The CA certificate file (`sslrootcert`).
    pub root: Option<PathBuf>,
}

/// Splits an address into what the client library reads (`sslmode` limited to its
/// disable/prefer/require, no `sslrootcert`) and what we do about TLS ourselves.
pub fn split(address: &str) -> (String, TlsWish) {
    let mut wish = TlsWish {
        verify: false,
        root: None,
    };
    let Some((base, query)) = address.split_once('?') else {
        return (address.to_owned(), wish);
    };
    let mut kept = Vec::new();
    for param in query.split('&') {
        match param.split_once('=') {
            Some(("sslrootcert", v)) => wish.root = Some(PathBuf::from(percent_decode(v))),
            Some(("sslmode", "verify-ca" | "verify-full")) => {
                wish.verify = true;
                kept.push("sslmode=require".to_owned());
            }
            _ => kept.push(param.to_owned()),
        }
    }
    let out = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (out, wish)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The connector for `wish`; an error names what is wrong with the certificate file.
pub fn connector(wish: &TlsWish) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    let provider = Arc::new(ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let config = if wish.verify {
        let Some(file) = &wish.root else {
            return Err(
                "sslmode=verify-ca or verify-full needs sslrootcert=FILE (the server's CA certificate)".into(),
            );
        };
        let mut roots = rustls::RootCertStore::empty();
        let certs = CertificateDer::pem_file_iter(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        for cert in certs {
            let cert = cert.map_err(|e| format!("{}: {e}", file.display()))?;
            roots
                .add(cert)
                .map_err(|e| format!("{}: {e}", file.display()))?;
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider)))
            .with_no_client_auth()
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// libpq's `prefer`/`require`: the channel is encrypted, the certificate not checked (a
/// bureau's server usually has a self-signed one); signatures are still verified.
#[derive(Debug)]
struct EncryptOnly(Arc<CryptoProvider>);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_modes_are_ours_and_the_rest_goes_to_the_client() {
        let (rest, wish) = split(
            "postgres://a@h/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=x",
        );
        assert_eq!(rest, "postgres://a@h/db?sslmode=require&application_name=x");
        assert!(wish.verify);
        assert_eq!(wish.root, Some(PathBuf::from("/etc/ca.pem")));
        let (rest, wish) = split("postgres://a@h/db?sslmode=require");
        assert_eq!(rest, "postgres://a@h/db?sslmode=require");
        assert!(!wish.verify);
        assert_eq!(split("postgres://a@h/db").0, "postgres://a@h/db");
    }

    #[test]
    fn a_verifying_mode_without_a_certificate_says_what_is_missing() {
        let e = connector(&TlsWish {
            verify: true,
            root: None,
        })
        .err()
        .unwrap_or_default();
        assert!(e.contains("sslrootcert"), "{e}");
        assert!(
            connector(&TlsWish {
                verify: false,
                root: None
            })
            .is_ok()
        );
    }
}
