import CSane
import Glibc

/// An open SANE handle. Only `Scanner` holds one, and closes it exactly once.
struct SaneHandle: @unchecked Sendable, Hashable {
    let raw: UnsafeMutableRawPointer
}

/// The one seam through which every libsane call of the scanning layer goes.
///
/// Entries speak Swift values, so a test can copy `.live`, wrap an entry (a `read` that fails with
/// `SANE_STATUS_IO_ERROR` on page 3, a `devices` that lists nothing) and pass the copy to
/// `ScannerSystem(calls:)`. libsane's statuses come back as `SaneStatus`, `.good` for success.
struct SaneCalls: Sendable {
    var initialize: @Sendable () -> (status: SaneStatus, version: String)
    var exit: @Sendable () -> Void
    var devices: @Sendable (_ localOnly: Bool) -> Result<[ScannerDevice], SaneStatus>
    var open: @Sendable (_ name: String) -> Result<SaneHandle, SaneStatus>
    var close: @Sendable (_ handle: SaneHandle) -> Void
    var descriptor: @Sendable (_ handle: SaneHandle, _ index: Int32) -> SaneOptionDescriptor?
    var getValue: @Sendable (_ handle: SaneHandle, _ option: SaneOptionDescriptor) -> Result<SaneValue, SaneStatus>
    var setValue:
        @Sendable (_ handle: SaneHandle, _ option: SaneOptionDescriptor, _ value: SaneValue) -> Result<
            SaneSetInfo, SaneStatus
        >
    var start: @Sendable (_ handle: SaneHandle) -> SaneStatus
    var parameters: @Sendable (_ handle: SaneHandle) -> Result<SaneFrameParameters, SaneStatus>
    /// Fills the front of the buffer; returns the status and the byte count.
    var read: @Sendable (_ handle: SaneHandle, _ buffer: UnsafeMutableRawBufferPointer) -> (status: SaneStatus, count: Int)
    /// May be called from another thread while `read` blocks: that is what SANE made it for.
    var cancel: @Sendable (_ handle: SaneHandle) -> Void
}

extension SaneCalls {
    /// The real libsane.
    static let live = SaneCalls(
        initialize: {
            var version: SANE_Int = 0
            let status = SaneStatus(sane_init(&version, nil))
            let text =
                "\(servicehall_sane_version_major(version)).\(servicehall_sane_version_minor(version)).\(servicehall_sane_version_build(version))"
            return (status, text)
        },
        exit: { sane_exit() },
        devices: { localOnly in
            var list: UnsafeMutablePointer<UnsafePointer<SANE_Device>?>?
            let status = SaneStatus(sane_get_devices(&list, localOnly ? SANE_Bool(SANE_TRUE) : SANE_Bool(SANE_FALSE)))
            guard status == .good else { return .failure(status) }
            var devices: [ScannerDevice] = []
            // The list belongs to libsane and lives until the next call: copy it out now.
            var index = 0
            while let entry = list?[index] {
                let device = entry.pointee
                devices.append(
                    ScannerDevice(
                        name: device.name.map { String(cString: $0) } ?? "",
                        vendor: device.vendor.map { String(cString: $0) } ?? "",
                        model: device.model.map { String(cString: $0) } ?? "",
                        type: device.type.map { String(cString: $0) } ?? ""
                    ))
                index += 1
            }
            return .success(devices)
        },
        open: { name in
            var handle: SANE_Handle?
            let status = SaneStatus(sane_open(name, &handle))
            guard status == .good, let handle else { return .failure(status == .good ? .invalid : status) }
            return .success(SaneHandle(raw: handle))
        },
        close: { handle in sane_close(handle.raw) },
        descriptor: { handle, index in
            guard let pointer = sane_get_option_descriptor(handle.raw, index) else { return nil }
            return SaneOptionDescriptor(index: index, pointer.pointee)
        },
        getValue: { handle, option in
            var buffer = [UInt8](repeating: 0, count: max(Int(option.size), 4) + 1)
            let status = buffer.withUnsafeMutableBytes { raw in
                SaneStatus(sane_control_option(handle.raw, option.index, SANE_ACTION_GET_VALUE, raw.baseAddress, nil))
            }
            guard status == .good else { return .failure(status) }
            return .success(SaneValue(decoding: buffer, as: option))
        },
        setValue: { handle, option, value in
            var buffer = value.encoded(for: option)
            var info: SANE_Int = 0
            let status = buffer.withUnsafeMutableBytes { raw in
                SaneStatus(sane_control_option(handle.raw, option.index, SANE_ACTION_SET_VALUE, raw.baseAddress, &info))
            }
            guard status == .good else { return .failure(status) }
            return .success(SaneSetInfo(rawValue: info))
        },
        start: { handle in
            let status = SaneStatus(sane_start(handle.raw))
            // sanei_thread sets SIGPIPE back to its default action when it starts a reader thread:
            // ignored again, so a broken pipe elsewhere in the hall fails a write instead of ending it.
            signal(SIGPIPE, SIG_IGN)
            return status
        },
        parameters: { handle in
            var parameters = SANE_Parameters()
            let status = SaneStatus(sane_get_parameters(handle.raw, &parameters))
            guard status == .good else { return .failure(status) }
            guard let format = SaneFrameParameters.Format(rawValue: Int32(bitPattern: parameters.format.rawValue)) else {
                return .failure(.unsupported)
            }
            return .success(
                SaneFrameParameters(
                    format: format, isLastFrame: parameters.last_frame != 0,
                    bytesPerLine: Int(parameters.bytes_per_line), pixelsPerLine: Int(parameters.pixels_per_line),
                    lines: Int(parameters.lines), depth: Int(parameters.depth)
                ))
        },
        read: { handle, buffer in
            var length: SANE_Int = 0
            let capacity = SANE_Int(clamping: buffer.count)
            let status = SaneStatus(
                sane_read(handle.raw, buffer.baseAddress?.assumingMemoryBound(to: SANE_Byte.self), capacity, &length))
            return (status, Int(length))
        },
        cancel: { handle in sane_cancel(handle.raw) }
    )
}

extension SaneOptionDescriptor {
    init(index: Int32, _ descriptor: SANE_Option_Descriptor) {
        let type = ValueType(rawValue: Int32(bitPattern: descriptor.type.rawValue)) ?? .group
        let isFixed = type == .fixed
        func number(_ word: SANE_Word) -> Double { isFixed ? servicehall_sane_unfix(word) : Double(word) }
        var constraint = Constraint.none
        switch descriptor.constraint_type {
        case SANE_CONSTRAINT_RANGE:
            if let range = descriptor.constraint.range?.pointee {
                constraint = .range(minimum: number(range.min), maximum: number(range.max), quantisation: number(range.quant))
            }
        case SANE_CONSTRAINT_WORD_LIST:
            if let list = descriptor.constraint.word_list {
                // The first word is the count.
                constraint = .numbers((0..<Int(list[0])).map { number(list[$0 + 1]) })
            }
        case SANE_CONSTRAINT_STRING_LIST:
            if let list = descriptor.constraint.string_list {
                var strings: [String] = []
                var position = 0
                while let entry = list[position] {
                    strings.append(String(cString: entry))
                    position += 1
                }
                constraint = .strings(strings)
            }
        default:
            break
        }
        self.init(
            index: index,
            name: descriptor.name.map { String(cString: $0) } ?? "",
            title: descriptor.title.map { String(cString: $0) } ?? "",
            summary: descriptor.desc.map { String(cString: $0) } ?? "",
            type: type,
            unit: Unit(rawValue: Int32(bitPattern: descriptor.unit.rawValue)) ?? .none,
            size: descriptor.size,
            capabilities: Capabilities(rawValue: descriptor.cap),
            constraint: constraint
        )
    }
}

extension SaneValue {
    /// Reads the bytes libsane wrote for a GET_VALUE of `option`.
    init(decoding buffer: [UInt8], as option: SaneOptionDescriptor) {
        func words() -> [SANE_Word] {
            buffer.withUnsafeBytes { raw in
                (0..<option.wordCount).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: SANE_Word.self) }
            }
        }
        switch option.type {
        case .bool:
            self = .bool(words()[0] != 0)
        case .int:
            let values = words().map { Int($0) }
            self = values.count == 1 ? .int(values[0]) : .ints(values)
        case .fixed:
            let values = words().map { servicehall_sane_unfix($0) }
            self = values.count == 1 ? .fixed(values[0]) : .fixeds(values)
        case .string:
            let end = buffer.firstIndex(of: 0) ?? buffer.endIndex
            self = .string(String(decoding: buffer[..<end], as: UTF8.self))
        case .button, .group:
            self = .press
        }
    }

    /// The bytes to hand to SET_VALUE of `option`.
    func encoded(for option: SaneOptionDescriptor) -> [UInt8] {
        func bytes(_ words: [SANE_Word]) -> [UInt8] {
            var padded = words
            if padded.count < option.wordCount { padded += Array(repeating: padded.last ?? 0, count: option.wordCount - padded.count) }
            return padded.withUnsafeBytes { Array($0) }
        }
        let isFixed = option.type == .fixed
        func word(_ value: Double) -> SANE_Word { isFixed ? servicehall_sane_fix(value) : SANE_Word(clamping: Int(value.rounded())) }
        switch self {
        case .bool(let value): return bytes([value ? 1 : 0])
        case .int(let value): return bytes([word(Double(value))])
        case .fixed(let value): return bytes([word(value)])
        case .ints(let values): return bytes(values.map { word(Double($0)) })
        case .fixeds(let values): return bytes(values.map(word))
        case .string(let value):
            var bytes = Array(value.utf8.prefix(max(0, Int(option.size) - 1)))
            bytes += Array(repeating: 0, count: max(1, Int(option.size) - bytes.count))
            return bytes
        case .press: return [0, 0, 0, 0]
        }
    }
}
