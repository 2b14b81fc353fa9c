namespace Dashboard.Data.Entities;

/// <summary>
/// Which context attributes identify the consumer and carry the version dimensions, as
/// <c>kind.attribute</c> candidates tried in order (e.g. <c>api-consumer.key</c>, <c>request.tenantId</c>).
/// </summary>
public sealed class ConsumerMapping
{
    public List<string> ConsumerKeyAttributes { get; set; } = ["api-consumer.key", "request.tenantId", "user.key"];

    public List<string> ApiVersionAttributes { get; set; } = ["request.apiVersion", "api-consumer.apiVersion"];

    public List<string> ClientTypeAttributes { get; set; } = ["request.clientType", "api-consumer.consumerType"];

    public List<string> ClientVersionAttributes { get; set; } = ["request.clientVersion", "api-consumer.consumerVersion"];
}
