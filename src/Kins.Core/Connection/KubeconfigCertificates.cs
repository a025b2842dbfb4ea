using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kins.Core.Errors;

namespace Kins.Core.Connection;

/// <summary>Loads the CA bundle and the client certificate a kubeconfig names (inline base64 PEM or a file).</summary>
internal static class KubeconfigCertificates
{
    /// <summary>Every certificate of the bundle (KubernetesClient keeps only the first); null when none is configured.</summary>
    public static X509Certificate2Collection? LoadAuthority(string? base64Data, string? file, string contextName)
    {
        if (string.IsNullOrEmpty(base64Data) && string.IsNullOrEmpty(file))
        {
            return null;
        }
        var what = string.IsNullOrEmpty(base64Data) ? $"certificate-authority '{file}'" : "certificate-authority-data";
        try
        {
            var bytes = string.IsNullOrEmpty(base64Data) ? File.ReadAllBytes(file!) : Convert.FromBase64String(base64Data);
            var collection = new X509Certificate2Collection();
            if (LooksLikePem(bytes))
            {
                collection.ImportFromPem(Encoding.ASCII.GetString(bytes));
            }
            else
            {
                collection.Import(bytes);
            }
            return collection.Count > 0 ? collection : throw new CryptographicException("no certificate found");
        }
        catch (Exception e) when (e is FormatException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(contextName, $"The {what} of context '{contextName}' cannot be read as certificates: {e.Message}", e);
        }
    }

    /// <summary>The client certificate with its private key; null when the user has none.</summary>
    public static X509Certificate2? LoadClient(KubeconfigUser user, string contextName)
    {
        ArgumentNullException.ThrowIfNull(user);
        var hasCert = !string.IsNullOrEmpty(user.ClientCertificateData) || !string.IsNullOrEmpty(user.ClientCertificate);
        var hasKey = !string.IsNullOrEmpty(user.ClientKeyData) || !string.IsNullOrEmpty(user.ClientKey);
        if (!hasCert && !hasKey)
        {
            return null;
        }
        if (hasCert != hasKey)
        {
            throw Invalid(contextName, $"The user of context '{contextName}' has a client certificate without its key, or a key without its certificate.", null);
        }
        try
        {
            var certPem = ReadPem(user.ClientCertificateData, user.ClientCertificate);
            var keyPem = ReadPem(user.ClientKeyData, user.ClientKey);
            return FromPem(certPem, keyPem);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(contextName, $"The client certificate of context '{contextName}' cannot be loaded: {e.Message}", e);
        }
    }

    /// <summary>PEM certificate and key (as exec plugins return them) to a certificate usable by SslStream.</summary>
    public static X509Certificate2 FromPem(string certificatePem, string keyPem)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }
        // SChannel on Windows cannot use an ephemeral key; a PKCS#12 round trip gives it a persisted one.
        using (certificate)
        {
            return new X509Certificate2(certificate.Export(X509ContentType.Pkcs12));
        }
    }

    private static string ReadPem(string? base64Data, string? file) =>
        string.IsNullOrEmpty(base64Data) ? File.ReadAllText(file!) : Encoding.ASCII.GetString(Convert.FromBase64String(base64Data));

    private static bool LooksLikePem(byte[] bytes) => Encoding.ASCII.GetString(bytes).Contains("-----BEGIN", StringComparison.Ordinal);

    private static KinsException Invalid(string contextName, string message, Exception? inner) =>
        new(KinsErrorIds.KubeconfigInvalid, KinsErrorCategory.InvalidData, message, contextName, inner);
}
