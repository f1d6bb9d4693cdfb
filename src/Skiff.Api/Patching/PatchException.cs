namespace Skiff.Api.Patching;

/// <summary>A patch document could not be decoded or applied; the message is worded as upstream so clients see familiar text.</summary>
public sealed class PatchException : Exception
{
    /// <summary>HTTP status code upstream answers with for a patch that cannot be applied.</summary>
    public const int UnprocessableEntity = 422;

    /// <summary>HTTP status code upstream answers with for a malformed patch document.</summary>
    public const int BadRequest = 400;

    public PatchException()
        : this("the patch could not be applied")
    {
    }

    public PatchException(string message)
        : this(message, UnprocessableEntity)
    {
    }

    public PatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = UnprocessableEntity;
    }

    public PatchException(string message, int statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>400 when the patch document itself is malformed, 422 when it is well formed but does not apply.</summary>
    public int StatusCode { get; }
}
