namespace Kins.Core.Connection;

/// <summary>Limits applied to every connection.</summary>
internal sealed record ConnectionOptions(TimeSpan RequestTimeout, TimeSpan ExecPluginTimeout)
{
    /// <summary>A minute per request (watches excepted) and for an exec plugin, which may open a browser-less SSO flow.</summary>
    public static ConnectionOptions Default { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60));
}
