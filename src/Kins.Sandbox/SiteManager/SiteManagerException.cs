using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// An error of site-manager's install or teardown: its message is the text site-manager's Go code produces (its own
/// words, or an API error, possibly wrapped as <c>unable to create statefulSet: …</c>), which becomes the Failed
/// condition's message.
/// </summary>
internal sealed class SiteManagerException : Exception
{
    public SiteManagerException(string message) : base(message) { }

    public SiteManagerException(string message, Exception inner) : base(message, inner) { }

    public SiteManagerException() : base("site-manager error") { }

    /// <summary><c>errors.Wrap(err, prefix)</c> of github.com/pkg/errors: "prefix: err".</summary>
    public static SiteManagerException Wrap(ApiException error, string prefix) => new(prefix + ": " + error.Message, error);
}
