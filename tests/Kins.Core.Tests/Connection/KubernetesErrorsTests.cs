using System.Net;
using k8s.Autorest;
using Kins.Core.Connection;
using Kins.Core.Errors;

namespace Kins.Core.Tests.Connection;

public sealed class KubernetesErrorsTests
{
    internal static HttpOperationException Http(int status, string? reason = null, string message = "server says no", string? retryAfter = null)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }
        var body = $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{message}}","reason":"{{reason ?? "Unknown"}}","code":{{status}}}""";
        return new HttpOperationException("Operation returned an invalid status code") { Response = new HttpResponseMessageWrapper(response, body) };
    }

    [Theory]
    [InlineData(401, KinsErrorIds.Unauthorized, KinsErrorCategory.AuthenticationError)]
    [InlineData(403, KinsErrorIds.Forbidden, KinsErrorCategory.PermissionDenied)]
    [InlineData(404, KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ObjectNotFound)]
    [InlineData(409, KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ResourceBusy)]
    [InlineData(422, KinsErrorIds.ApiRequestFailed, KinsErrorCategory.InvalidData)]
    [InlineData(429, KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ResourceBusy)]
    [InlineData(500, KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ResourceUnavailable)]
    [InlineData(503, KinsErrorIds.ApiRequestFailed, KinsErrorCategory.ResourceUnavailable)]
    public void Status_codes_map_to_ids_and_categories(int status, string id, KinsErrorCategory category)
    {
        var error = KubernetesErrors.ToKinsException(Http(status), target: "test");

        Assert.Equal(id, error.ErrorId);
        Assert.Equal(category, error.Category);
        Assert.Equal("test", error.Target);
        Assert.Contains("server says no", error.Message, StringComparison.Ordinal);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Callers_name_the_ids_of_404_and_AlreadyExists()
    {
        Assert.Equal(KinsErrorIds.NodeUnitNotFound, KubernetesErrors.ToKinsException(Http(404, "NotFound"), notFoundErrorId: KinsErrorIds.NodeUnitNotFound).ErrorId);
        var exists = KubernetesErrors.ToKinsException(Http(409, "AlreadyExists"), alreadyExistsErrorId: KinsErrorIds.NodeUnitAlreadyExists);
        Assert.Equal(KinsErrorIds.NodeUnitAlreadyExists, exists.ErrorId);
        Assert.Equal(KinsErrorCategory.ResourceExists, exists.Category);
    }

    [Fact]
    public void Transport_timeout_cancellation_and_Kins_errors()
    {
        Assert.Equal(KinsErrorCategory.ConnectionError, KubernetesErrors.ToKinsException(new HttpRequestException("Connection refused", new IOException("refused"))).Category);
        Assert.Equal(KinsErrorCategory.OperationTimeout, KubernetesErrors.ToKinsException(new TimeoutException("slow")).Category);
        Assert.Equal(KinsErrorIds.OperationCanceled, KubernetesErrors.ToKinsException(new OperationCanceledException()).ErrorId);
        var kins = new KinsException(KinsErrorIds.ContextNotFound, KinsErrorCategory.ObjectNotFound, "x");
        Assert.Same(kins, KubernetesErrors.ToKinsException(kins));
    }

    [Fact]
    public void Status_and_reason_are_readable()
    {
        Assert.Equal(410, KubernetesErrors.StatusCode(Http(410, "Expired")));
        Assert.Equal("Expired", KubernetesErrors.StatusReason(Http(410, "Expired")));
        Assert.Null(KubernetesErrors.StatusCode(new IOException()));
    }
}
