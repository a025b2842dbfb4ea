namespace Kins.Core.Connection;

/// <summary>What an exec credential plugin returned: a bearer token and/or a client certificate (PEM), and when it expires.</summary>
internal sealed record ExecCredential(string? Token, string? ClientCertificatePem, string? ClientKeyPem, DateTimeOffset? Expiration)
{
    public bool HasClientCertificate => !string.IsNullOrEmpty(ClientCertificatePem) && !string.IsNullOrEmpty(ClientKeyPem);

    /// <summary>Still usable, with a small margin so a request does not leave with a token about to expire.</summary>
    public bool IsFresh(DateTimeOffset now) => Expiration is null || Expiration.Value > now.AddSeconds(10);

    // Never print the token or key.
    public override string ToString() => $"ExecCredential(token: {(Token is null ? "no" : "yes")}, client certificate: {(HasClientCertificate ? "yes" : "no")}, expires: {Expiration?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"})";
}
